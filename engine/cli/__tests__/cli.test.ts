import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../main.js';

function run(argv: string[]): { code: number; out: string; err: string } {
  let out = '';
  let err = '';
  const code = main(argv, { out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err };
}

function script(text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'xfslab-cli-'));
  const p = join(dir, 's.sh');
  writeFileSync(p, text);
  return p;
}

describe('xfslab CLI', () => {
  it('documents every command in --help', () => {
    const { code, out } = run(['--help']);
    expect(code).toBe(0);
    for (const word of ['run SCRIPT', '--format', 'oracle-json', '--trace', '--seed', 'xfs_io', 'cp [--reflink=always]', 'xfs_bmap']) {
      expect(out).toContain(word);
    }
  });

  it('runs a script and prints what it printed, with the exit status of its last command', () => {
    const { code, out } = run(['run', script('xfs_io -f -c "pwrite 0 4k" f\nfalse\n')]);
    expect(out).toContain('wrote 4096/4096 bytes at offset 0');
    expect(code).toBe(1);
  });

  it('prints the kernel trace with --trace', () => {
    const { out } = run(['run', '--trace', script('xfs_io -f -c "pwrite 0 4k" f\n')]);
    expect(out).toMatch(/xfs_io xfs_iomap_alloc: dev 7:0 ino 0x83 .* startblock 0xffffffffe0005 fsbcount 0x1/);
  });

  it('prints the oracle recording format', () => {
    const { code, out } = run(['run', '--format', 'oracle-json', script('xfs_io -f -c "pwrite 0 4k" f\n')]);
    expect(code).toBe(0);
    const json = JSON.parse(out);
    expect(json.body_rc).toBe(0);
    expect(json.output).toEqual(['wrote 4096/4096 bytes at offset 0']);
    expect(json.state.final.files.f.size).toBe(4096);
    expect(json.state.after_sync.files.f.data_fork[0].kind).toBe('written');
    expect(json.trace[0]).toEqual({ event: 'xfs_file_buffered_write', ctx: 'xfs_io', fields: { ino: 'f', disize: '0x0', pos: '0x0', bytecount: '0x1000' } });
  });

  it('explains bad usage and a syntax error with file:line:col', () => {
    expect(run(['run']).err).toMatch(/run needs a SCRIPT/);
    expect(run(['run', '--format', 'xml', 'x']).err).toMatch(/--format must be text or oracle-json/);
    const p = script('if true\n');
    const { err, code } = run(['run', p]);
    expect(err).toMatch(new RegExp(`${p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+:\\d+: `));
    expect(code).not.toBe(0);
  });
});
