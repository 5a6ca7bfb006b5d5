import { describe, expect, it } from 'vitest';
import { runScript, type ExtentView } from '../../../engine/index';
import { diffFork, buildRunView, failureOf } from '../run-view';
import { applyDeltas } from '../../../renderer/timeline/fork-index';

const e = (off: number, len: number, kind: ExtentView['kind'] = 'written', block: number | null = 100 + off): ExtentView => ({ off, len, kind, block });

describe('diffFork', () => {
  it('is undefined for equal forks', () => {
    expect(diffFork([e(0, 4)], [e(0, 4)])).toBeUndefined();
  });
  it('replaces changed extents and adds and removes others', () => {
    const d = diffFork([e(0, 4, 'delalloc', null), e(8, 2)], [e(0, 4), e(4, 2)]);
    expect(d).toEqual({ remove: [0, 8], add: [e(0, 4), e(4, 2)] });
  });
  it('round-trips with applyDeltas', () => {
    const a = [e(0, 1), e(2, 3, 'unwritten'), e(10, 1, 'delalloc', null)];
    const b = [e(0, 2), e(2, 3, 'unwritten'), e(6, 1), e(12, 4)];
    expect(applyDeltas(a, [diffFork(a, b)!])).toEqual(b);
  });
});

describe('failureOf', () => {
  it('finds the errno a tool printed', () => {
    expect(failureOf('pwrite: No space left on device\n')).toBe('ENOSPC');
    expect(failureOf('wrote 4096/4096 bytes at offset 0\n')).toBeUndefined();
  });
});

describe('buildRunView', () => {
  it('replays to the engine’s final state', () => {
    const res = runScript('xfs_io -f -c "pwrite -b 4k 0 64k" a\ncp --reflink=always a b\nxfs_io -c "pwrite 0 4k" b\nsync\nrm a\n');
    const { machine: _m, ...plain } = res;
    const view = buildRunView('t', plain, { runMs: 0, viewMs: 0 });
    expect(view.steps.length).toBe(res.steps.length);
    expect(view.output).toBe(res.output);
    const last = view.steps[view.steps.length - 1];
    expect(last.out[1]).toBe(res.output.length);
    for (const f of res.files) {
      const track = view.files.find((t) => t.path === f.path)!;
      const data = applyDeltas([], track.changes.map((c) => c.data).filter((d) => !!d));
      const cow = applyDeltas([], track.changes.map((c) => c.cow).filter((d) => !!d));
      expect(data).toEqual(f.dataFork);
      expect(cow).toEqual(f.cowFork);
    }
    const a = view.files.find((t) => t.path === 'a')!;
    expect(a.changes[a.changes.length - 1].removed).toBe(true);
    expect(view.space!.fdblocks.length).toBe(view.steps.length);
    expect(view.trace.length).toBe(res.trace.length);
    expect(view.trace[0].text).toMatch(/^xfs_io xfs_file_buffered_write: dev 7:0 ino 0x/);
    expect(JSON.parse(JSON.stringify(view))).toEqual(view);
  });
});
