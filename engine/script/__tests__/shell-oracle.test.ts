import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runShell } from '../shell.js';
import type { CommandInfo } from '../shell/runtime.js';
import type { Tool } from '../tool.js';
import { fakeMachine } from './fake-machine.js';

const here = path.dirname(fileURLToPath(import.meta.url));
/** The oracle's own scripts and golden outputs (no copies: the tests read the recorded fixtures). */
const oracle = path.join(here, '../../../oracle');
const fixture = (name: string): string => {
  for (const dir of ['scenarios', 'fstests', 'quota/scenarios', 'enospc']) {
    const p = path.join(oracle, dir, name);
    if (fs.existsSync(p)) return fs.readFileSync(p, 'utf8');
  }
  throw new Error(`no oracle file ${name}`);
};

/**
 * Stand-ins for the filesystem tools that only echo or record their argv, plus just enough
 * output for the scripts' own arithmetic: stat formats print numbers, `xfs_quota quota` a report
 * line, and xfs_io can be told which writes fail.
 */
function fakeTools(fail?: (args: readonly string[]) => string | undefined) {
  const calls: string[] = [];
  const record =
    (name: string, out?: (args: readonly string[]) => string): Tool =>
    (ctx) => {
      calls.push([name, ...ctx.args].join(' '));
      if (out) ctx.out(out(ctx.args));
      return 0;
    };
  const STAT: Record<string, string> = { S: '4096', f: '1000', a: '1000', s: '65536', b: '136', B: '512', n: 'FILE' };
  const stat: Tool = (ctx) => {
    calls.push(['stat', ...ctx.args].join(' '));
    const fmt = ctx.args[ctx.args.indexOf('-c') + 1] ?? '';
    const files = ctx.args.filter((a, i) => !a.startsWith('-') && ctx.args[i - 1] !== '-c');
    for (const f of files) ctx.out(fmt.replace(/%(.)/g, (_m, c: string) => (c === 'n' ? f : (STAT[c] ?? '0'))) + '\n');
    return 0;
  };
  const xfsIo: Tool = (ctx) => {
    calls.push(['xfs_io', ...ctx.args].join(' '));
    const err = fail?.(ctx.args);
    if (err) {
      ctx.err(err + '\n');
      return 1;
    }
    ctx.out(`xfs_io ${ctx.args.join(' ')}\n`);
    return 0;
  };
  const tools: Record<string, Tool> = {
    xfs_io: xfsIo,
    stat,
    xfs_quota: record('xfs_quota', (a) => (a.some((x) => x.startsWith('quota ')) ? '1000 4 0 1024 00 [--------]\n' : a.some((x) => x.startsWith('project ')) ? `Setting up project 42 (path ${a[a.length - 1]}/d)...\n` : '')),
    md5sum: record('md5sum', (a) => a.map((f) => `d41d8cd98f00b204e9800998ecf8427e  ${f}\n`).join('')),
  };
  for (const n of ['cp', 'sync', 'truncate', 'chown', 'chgrp', 'umount', 'mount', 'fallocate', 'xfs_bmap']) tools[n] = record(n);
  return { tools, calls };
}

function runFixture(name: string, fail?: (args: readonly string[]) => string | undefined) {
  const m = fakeMachine();
  const { tools, calls } = fakeTools(fail);
  const hooks: CommandInfo[] = [];
  const r = runShell(fixture(name), { sys: m.sys, host: m.host, tools, env: { SCRATCH_MNT: '/mnt/scratch' }, onCommand: (i) => hooks.push(i) });
  return { ...r, ...m, calls, hooks };
}

describe('oracle scripts run verbatim', () => {
  it('fstests generic/171 prints exactly its golden output when the CoW writes fail (2>&1 > /dev/null)', () => {
    const r = runFixture('fstests-generic-171.sh', (a) => (a.includes('pwrite -S 0x62 0 41943040') ? 'pwrite: No space left on device' : undefined));
    expect(r.error).toBeUndefined();
    expect(r.text).toBe(fixture('fstests-generic-171.expected'));
    expect(r.calls.filter((c) => c.includes('falloc'))).toHaveLength(25);
    expect(r.calls).toContain('xfs_io -f -c falloc 0 2048000 /mnt/scratch/space.0');
  });

  it('fstests generic/230 prints exactly its golden output when writes to file2 hit EDQUOT', () => {
    const r = runFixture('fstests-generic-230.sh', (a) => (a[a.length - 1]!.endsWith('file2') && a.some((x) => x.includes('pwrite')) ? 'pwrite: Disk quota exceeded' : undefined));
    expect(r.text).toBe(fixture('fstests-generic-230.expected'));
    expect(r.calls).toContain('xfs_quota -x -c limit -u bsoft=1000k bhard=2000k isoft=3 ihard=5 1000 /mnt/scratch');
    expect(r.host.clock).toBe(3);
  });

  it('29: loops over files, 2>&1 output on stdout', () => {
    const r = runFixture('29-enospc-prealloc-files.sh', (a) => (a.includes('big') ? 'pwrite: No space left on device' : undefined));
    expect(r.hooks.filter((h) => h.argv[0] === 'xfs_io').map((h) => h.argv[h.argv.length - 1])).toEqual(['f1', 'f1', 'f2', 'f2', 'f3', 'f3', 'f4', 'f4', 'big']);
    expect(r.output.find((c) => c.text.includes('No space'))?.stream).toBe('stdout');
    expect(r.stdout).toContain('free 1000 avail 1000\nf1 size 65536 blocks 136\n');
  });

  it('31: the sysctl is written through the host and sleep advances the simulated clock', () => {
    const r = runFixture('31-blockgc-background.sh');
    expect(r.sys.log).toEqual(['sysctl speculative_prealloc_lifetime=1', 'sleep sleep 3', 'sysctl speculative_prealloc_lifetime=300']);
    expect(r.calls.filter((c) => c.startsWith('xfs_io'))).toHaveLength(4);
    expect(r.exitCode).toBe(0);
  });

  it('q03: functions with set --, awk in a pipe, arithmetic on results', () => {
    const r = runFixture('q03-edquot-blockgc-frees-other-prealloc.sh');
    expect(r.stdout).toContain('uid quota used=4 soft=0 hard=1024\n');
    expect(r.stdout).toContain('p post-EOF prealloc KiB: -1980\n');
    expect(r.stdout).toContain('== write 6029312 bytes to q (fits only without p\'s prealloc)\n');
    expect(r.calls).toContain('xfs_io -c pwrite -b 1m 0 6029312 q');
  });

  it('q07: sed rewrites the mount path in a pipe; mkdir goes to the mount', () => {
    const r = runFixture('q07-project-quota-enospc.sh');
    expect(r.stdout).toContain('Setting up project 42 (path SCRATCH_MNT/d)...\n');
    expect(r.sys.exists('d')).toBe(true);
  });

  it('q09: exec 3>>f keeps the file open while head appends 48 x 64 KiB', () => {
    const r = runFixture('q09-report-delalloc-before-after-sync.sh');
    const writes = r.sys.log.filter((l) => l.startsWith('head pwrite'));
    expect(writes).toHaveLength(48 * 15);
    expect(r.sys.log.filter((l) => l.includes('close f'))).toEqual(['bash close f']);
    expect(r.sys.text('f').length).toBe(3 << 20);
    expect(r.stdout.match(/^== /gm)).toHaveLength(3);
  });

  it('xfs/014: local, for ((;;)), background jobs + wait, set -- $(...), ${2}k', () => {
    const r = runFixture('fstests-xfs-014.sh');
    expect(r.error).toBeUndefined();
    // the fake xfs_io echoes its argv; freesp = 1000 * 4096 / 1048576 - 10 = -7 with the fake stat
    expect(r.stdout).toBe('Silence is golden.\nxfs_io -f -c falloc 0 -7M /mnt/scratch/spc\n');
    expect(r.calls.filter((c) => /^xfs_io -f -c pwrite 0 \d+ \/mnt\/scratch\/file\.\d$/.test(c))).toHaveLength(4);
    expect(r.calls).toContain('xfs_quota -x -c limit -u bhard=4k 1000 /mnt/scratch');
    expect(r.calls).toContain('xfs_quota -x -c limit -g bhard=4k 1000 /mnt/scratch');
  });

  it('xfs/213: cd / && umount && mount && cd back, qrep reports', () => {
    const r = runFixture('fstests-xfs-213.sh');
    expect(r.calls).toContain('umount /mnt/scratch');
    expect(r.calls).toContain('mount -o uquota,gquota /dev/loop0 /mnt/scratch');
    expect(r.stdout).toContain('Chown one of the files\nroot 4 0 1024\nnobody 4 0 1024\nfsgqa 4 0 1024\n');
  });

  const oracleRoot = path.resolve(here, '../../../oracle');
  const scripts: string[] = [];
  const walk = (d: string): void => {
    for (const e of fs.existsSync(d) ? fs.readdirSync(d).sort() : []) {
      const p = path.join(d, e);
      if (fs.statSync(p).isDirectory()) walk(p);
      else if (p.endsWith('.sh')) scripts.push(p);
    }
  };
  walk(oracleRoot);
  it.runIf(scripts.length > 0)('every script under oracle/ parses and runs without shell errors', () => {
    for (const s of scripts) {
      const m = fakeMachine();
      const r = runShell(fs.readFileSync(s, 'utf8'), { sys: m.sys, host: m.host, tools: fakeTools().tools });
      const bad = r.text.split('\n').filter((l) => /^bash: |command not found|internal error/.test(l));
      expect({ script: path.relative(oracleRoot, s), exit: r.exitCode, bad }).toEqual({ script: path.relative(oracleRoot, s), exit: 0, bad: [] });
    }
  });
});
