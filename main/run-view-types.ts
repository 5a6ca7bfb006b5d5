// The run as the renderer receives it: the engine's RunResult made compact for the trip across the
// process boundary. Every value here is copied from the RunResult (main/lab/run-view.ts); nothing is
// re-derived. Per-step file states become deltas keyed by extent offset, the space counters become
// columns, and trace events are pre-formatted the way ftrace prints them.
import type { ExtentView, IomapBranch, IomapDecision } from '../engine/index';

export type { ExtentView, IomapBranch, IomapDecision };

/** One step: a command, or a system call inside one. */
export interface StepView {
  kind: 'command' | 'syscall';
  label: string;
  /** 1-based source line range of the command that produced it (0 when outside any command). */
  line: number;
  col: number;
  endLine: number;
  /** [start, end) of RunView.output written during the step. */
  out: [number, number];
  /** [start, end) of RunView.trace emitted during the step. */
  ev: [number, number];
  /** The iomap_begin decisions of the step (the code-path view). */
  iomap: IomapDecision[];
  /** errno name when the step failed visibly (its output carries the error, e.g. ENOSPC). */
  fail?: string;
}

/** How one fork changed at a step: the extents removed (by start offset) and those added. */
export interface ForkDelta {
  remove: number[];
  add: ExtentView[];
}

/** A file's state change at one step. The first change of a file has its full forks as `add`. */
export interface FileChange {
  step: number;
  size: number;
  diskSize: number;
  stBlocks: number;
  iflags: number;
  data?: ForkDelta;
  cow?: ForkDelta;
  /** The file was removed at this step. */
  removed?: true;
}

/** One file over the whole run. */
export interface FileTrack {
  path: string;
  ino: number;
  changes: FileChange[];
}

/** Space counters per step, as columns (-1 where the filesystem was not mounted). */
export interface SpaceTrack {
  blocksize: number;
  dblocks: number;
  agcount: number;
  agblocks: number;
  fdblocks: number[];
  freeBlocks: number[];
  delallocBlks: number[];
  setAside: number[];
  resAvail: number[];
  bavail: number[];
  /** Dirty page-cache blocks over all files. */
  dirtyBlocks: number[];
  /** Freed blocks still busy (reusable after the next log force). */
  busyBlocks: number[];
  /** The simulated clock at the end of each step, seconds (-1: unmounted). */
  clock: number[];
  /** Free blocks per AG, only at the steps where they changed: [step, counts]. */
  agFree: [number, number[]][];
}

/** One trace event. */
export interface TraceRow {
  step: number;
  event: string;
  /** Inode number the event is about, when it has one (the file filter). */
  ino: number | null;
  /** The line as ftrace prints it. */
  text: string;
}

/** The whole run. */
export interface RunView {
  runId: string;
  output: string;
  exitCode: number;
  /** A syntax error (nothing ran). */
  error?: { line: number; col: number; message: string };
  /** The operations limit that stopped the script. */
  limitExceeded?: string;
  blocksize: number;
  steps: StepView[];
  files: FileTrack[];
  space: SpaceTrack | null;
  trace: TraceRow[];
  /** Wall time of the engine run and of building this view, ms. */
  timing: { runMs: number; viewMs: number };
}
