import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../main.js';

async function run(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(argv, { out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err };
}

function script(text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'xfslab-cli-'));
  const p = join(dir, 's.sh');
  writeFileSync(p, text);
  return p;
}

describe('xfslab CLI', () => {
  it('documents every command in --help', async () => {
    const { code, out } = await run(['--help']);
    expect(code).toBe(0);
    for (const word of ['run SCRIPT', '--format', 'oracle-json', '--trace', '--seed', 'xfs_io', 'cp [--reflink=always]', 'xfs_bmap']) {
      expect(out).toContain(word);
    }
  });

  it('runs a script and prints what it printed, with the exit status of its last command', async () => {
    const { code, out } = await run(['run', script('xfs_io -f -c "pwrite 0 4k" f\nfalse\n')]);
    expect(out).toContain('wrote 4096/4096 bytes at offset 0');
    expect(code).toBe(1);
  });

  it('prints the kernel trace with --trace', async () => {
    const { out } = await run(['run', '--trace', script('xfs_io -f -c "pwrite 0 4k" f\n')]);
    expect(out).toMatch(/xfs_io xfs_iomap_alloc: dev 7:0 ino 0x83 .* startblock 0xffffffffe0005 fsbcount 0x1/);
  });

  it('prints the oracle recording format', async () => {
    const { code, out } = await run(['run', '--format', 'oracle-json', script('xfs_io -f -c "pwrite 0 4k" f\n')]);
    expect(code).toBe(0);
    const json = JSON.parse(out);
    expect(json.body_rc).toBe(0);
    expect(json.output).toEqual(['wrote 4096/4096 bytes at offset 0']);
    expect(json.state.final.files.f.size).toBe(4096);
    expect(json.state.after_sync.files.f.data_fork[0].kind).toBe('written');
    expect(json.trace[0]).toEqual({ event: 'xfs_file_buffered_write', ctx: 'xfs_io', fields: { ino: 'f', disize: '0x0', pos: '0x0', bytecount: '0x1000' } });
  });

  it('explains bad usage and a syntax error with file:line:col', async () => {
    expect((await run(['run'])).err).toMatch(/run needs a SCRIPT/);
    expect((await run(['run', '--format', 'xml', 'x'])).err).toMatch(/--format must be text or oracle-json/);
    const p = script('if true\n');
    const { err, code } = await run(['run', p]);
    expect(err).toMatch(new RegExp(`${p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+:\\d+: `));
    expect(code).not.toBe(0);
  });
});
