// A synthetic run for the timeline benchmark: one file whose data fork holds `extents` extents,
// then `steps` steps that each rewrite a few of them (delalloc → written, as writeback does).
import type { ExtentView, FileChange, RunView, StepView } from '../../main/run-view-types';

/** A small seeded PRNG (mulberry32) so every benchmark run measures the same work. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function syntheticRun(steps: number, extents: number, perStep = 8): RunView {
  const r = rng(42);
  // Extents of 1–3 blocks separated by 1-block holes; a mix of states.
  const initial: ExtentView[] = [];
  let off = 0;
  for (let i = 0; i < extents; i++) {
    const len = 1 + Math.floor(r() * 3);
    const k = r();
    initial.push(k < 0.5
      ? { off, len, kind: 'delalloc', block: null, indlen: 2 }
      : { off, len, kind: k < 0.8 ? 'written' : 'unwritten', block: 1000 + off, shared: k > 0.95 });
    off += len + 1;
  }
  const size = off * 4096;
  const current = initial.slice();
  const stepViews: StepView[] = [];
  const changes: FileChange[] = [{ step: 0, size, diskSize: 0, stBlocks: 0, iflags: 0, data: { remove: [], add: initial } }];
  for (let s = 0; s < steps; s++) {
    stepViews.push({ kind: s % 10 === 0 ? 'command' : 'syscall', label: s % 10 === 0 ? `xfs_io -c "pwrite" f  # ${s}` : `pwrite ${s}`, line: 1, col: 1, endLine: 1, out: [0, 0], ev: [0, 0], iomap: [] });
    if (s === 0) continue;
    const remove: number[] = [];
    const add: ExtentView[] = [];
    for (let j = 0; j < perStep; j++) {
      const i = Math.floor(r() * current.length);
      const e = current[i];
      const next: ExtentView = e.kind === 'delalloc'
        ? { off: e.off, len: e.len, kind: 'written', block: 1000 + e.off }
        : { off: e.off, len: e.len, kind: 'delalloc', block: null, indlen: 2 };
      if (remove.includes(e.off)) continue;
      remove.push(e.off);
      add.push(next);
      current[i] = next;
    }
    changes.push({ step: s, size, diskSize: size / 2, stBlocks: 0, iflags: 0, data: { remove, add } });
  }
  const col = (): number[] => Array.from({ length: steps }, () => 1000);
  return {
    runId: 'bench', output: '', exitCode: 0, blocksize: 4096, steps: stepViews,
    files: [{ path: 'bigfile', ino: 131, changes }],
    space: { blocksize: 4096, dblocks: 1 << 20, agcount: 4, agblocks: 1 << 18, fdblocks: col(), freeBlocks: col(), delallocBlks: col(), setAside: col(), resAvail: col(), bavail: col(), dirtyBlocks: col(), busyBlocks: col(), clock: col(), agFree: [] },
    trace: [], timing: { runMs: 0, viewMs: 0 },
  };
}
