import { describe, expect, it } from 'vitest';
import { runScript } from '../run-script.js';

const SCRIPT = `# mkfs: -m reflink=1 -d size=256m
xfs_io -f -c "pwrite -S 0x61 0 64k" -c fsync a
cp --reflink=always a b
xfs_io -c "pwrite -S 0x62 4k 4k" b
xfs_io -c "bmap -v" b
`;

describe('run result', () => {
  it('has a step per command and per system call, with the source line of the command', () => {
    const r = runScript(SCRIPT);
    expect(r.exitCode).toBe(0);
    const commands = r.steps.filter((s) => s.kind === 'command');
    expect(commands.map((s) => s.line)).toEqual([2, 3, 4, 5]);
    const syscalls = r.steps.filter((s) => s.kind === 'syscall');
    expect(syscalls.length).toBeGreaterThan(16);
    for (const s of r.steps) expect(s.events[0]).toBeLessThanOrEqual(s.events[1]);
    expect(r.steps.map((s) => s.output).join('')).toBe(r.output);
  });

  it('records which branch of xfs_buffered_write_iomap_begin each write took', () => {
    const r = runScript(SCRIPT);
    const branches = r.steps.flatMap((s) => s.iomap.map((d) => d.branch));
    expect(branches[0]).toBe('hole_alloc');
    expect(branches).toContain('shared_alloc_cow');
    const cow = r.steps.flatMap((s) => s.iomap).find((d) => d.branch === 'shared_alloc_cow')!;
    expect(cow.iomap.flags & 0x4).toBe(0x4); // IOMAP_F_SHARED
    expect(cow.srcmap?.type).toBe('mapped');
  });

  it('keeps per-step state as deltas: only the files a step changed', () => {
    const r = runScript(SCRIPT);
    const cowWrite = r.steps.find((s) => s.iomap.some((d) => d.branch === 'shared_alloc_cow'))!;
    expect(cowWrite.files.map((f) => f.path)).toEqual(['b']);
    expect(cowWrite.files[0].cowFork).toEqual([{ off: 0, len: 32, kind: 'delalloc', block: null, indlen: 5 }]);
    const final = r.files.find((f) => f.path === 'a')!;
    expect(final.dataFork.every((e) => e.kind === 'written')).toBe(true);
  });

  it('counts what happened in the XFS statistics', () => {
    const r = runScript(SCRIPT);
    expect(r.stats?.xs_write_calls).toBe(17);
    expect(r.stats?.xs_write_bytes).toBe(17 * 4096);
    expect(r.stats?.xs_reflink_remaps).toBe(1);
    expect(r.stats?.xs_delalloc_reserve).toBeGreaterThan(0);
  });

  it('is deterministic: same script, same bytes out', () => {
    const a = runScript(SCRIPT);
    const b = runScript(SCRIPT);
    const strip = (x: ReturnType<typeof runScript>) => JSON.stringify({ ...x, machine: undefined });
    expect(strip(a)).toBe(strip(b));
  });

  it('reports a syntax error with line and column and runs nothing', () => {
    const r = runScript('echo hi\nfor x in 1 2; echo $x; done\n');
    expect(r.error?.line).toBe(2);
    expect(r.error?.message).toMatch(/do/);
    expect(r.output).not.toContain('hi');
    expect(r.output).toContain('syntax error');
  });

  it('stops a script that loops forever, with a clear reason', () => {
    const r = runScript('while true; do :; done\n', { limits: { maxLoopIterations: 1000 } });
    expect(r.limitExceeded).toMatch(/maxLoopIterations/);
  });

  it('keeps going after a failing command, like bash', () => {
    const r = runScript('nosuchcmd\necho after\n');
    expect(r.output).toContain('nosuchcmd: command not found');
    expect(r.output).toContain('after');
  });
});

describe('cat', () => {
  it('reads a file through the page cache whether its output is shown, piped or sent to /dev/null', () => {
    const r = runScript(`# mkfs: -d size=256m
xfs_io -f -c "pwrite -q -S 0x41 0 1m" -c fsync f
echo 1 > /proc/sys/vm/drop_caches
cat f > /dev/null
echo 1 > /proc/sys/vm/drop_caches
cat f | wc -c
echo 1 > /proc/sys/vm/drop_caches
cat f | head -c 4; echo
`);
    expect(r.output).toBe('1048576\nAAAA\n');
    // Each cat read the cold file: the same readahead mappings all three times.
    const reads = r.trace.filter((e) => e.event === 'xfs_iomap_found' && e.ctx === 'cat').map((e) => e.fields.pos + '+' + e.fields.bytecount);
    expect(reads.length % 3).toBe(0);
    const third = reads.length / 3;
    expect(reads.length).toBeGreaterThan(0);
    expect(reads.slice(0, third)).toEqual(reads.slice(third, 2 * third));
    expect(reads.slice(0, third)).toEqual(reads.slice(2 * third));
  });
});

describe('run result deltas and hooks', () => {
  it('re-records a file whose sharing changed through another file', () => {
    const r = runScript(SCRIPT);
    const cp = r.steps.find((s) => s.kind === 'command' && s.label.startsWith('cp'))!;
    const after = r.steps.slice(cp.index).flatMap((s) => s.files).find((f) => f.path === 'a')!;
    expect(after.dataFork.some((e) => e.shared)).toBe(true);
  });

  it('reports each step as it begins', () => {
    const seen: string[] = [];
    const r = runScript(SCRIPT, { onStep: (i, kind) => seen.push(`${i}:${kind}`) });
    expect(seen.length).toBe(r.steps.length);
    expect(seen[0]).toBe('0:command');
  });

  it('reports every step to onStep when steps are not recorded (system calls included)', () => {
    const labels: string[] = [];
    const r = runScript(SCRIPT, { steps: false, onStep: (_i, _kind, label) => labels.push(label) });
    expect(r.steps).toEqual([]);
    expect(labels).toEqual(runScript(SCRIPT).steps.map((s) => s.label));
  });
});

describe('code path of funshare', () => {
  it('reports the unshare iomap_begin calls with their branch', () => {
    const r = runScript(SCRIPT + 'xfs_io -c "funshare 0 64k" a\n');
    const d = r.steps.flatMap((s) => s.iomap).filter((x) => x.op === 'unshare');
    expect(d.map((x) => x.branch)).toContain('shared_alloc_cow');
  });
});

describe('checkScript', () => {
  it('finds a syntax error without running anything', async () => {
    const { checkScript } = await import('../check-script.js');
    expect(checkScript('echo ok\n')).toBeNull();
    expect(checkScript('echo ok\nif true; then echo x\n')).toEqual({ line: 2, col: 1, message: 'if statement must end with "fi"' });
  });
});
