/**
 * One graded run: the assignment's filesystem made and mounted, its setup script run, then the
 * student's (or the reference) script with every step recorded. The record keeps what checks
 * read: the run result, the files as they were before the script, inode → path names for trace
 * matching, the iomap decisions flattened with their step, and the final contents' MD5.
 */
import { Machine } from '../machine.js';
import { DEFAULT_EVENTS } from '../xfs-trace.js';
import { runOnMachine, SCRATCH_DEV, type RunResult, type RunStep } from '../run/run-script.js';
import { fileView, listFiles, type FileView } from '../run/fs-state.js';
import type { FilesystemSpec, GradeLimits } from './assignment-types.js';

/** An iomap_begin decision as matchers see it (IOMAP_FIELDS in query-schema.ts). */
export interface DecisionRecord {
  step: number;
  file: string;
  op: string;
  pos: number;
  count: number;
  branch: string;
  eof: boolean;
  isize: number;
  preallocBlocks: number;
  type: string;
  offset: number;
  length: number;
  shared: boolean;
  new: boolean;
  /** The srcmap's type, or "none". */
  srcmap: string;
}

/** A run as the checks read it. */
export interface RunRecord {
  result: Omit<RunResult, 'machine'>;
  /** Files after the setup script, before the graded script. */
  initialFiles: FileView[];
  /** Inode number → path (every path an inode had during the run). */
  inoPaths: Map<number, string>;
  decisions: DecisionRecord[];
  /** MD5 of a file's final contents (as md5sum prints it), or undefined if there is no such file. */
  md5(path: string): string | undefined;
  blocksize: number;
}

/** The setup script of an assignment failed: an instructor's error, never the student's. */
export class SetupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SetupError';
  }
}

/** Options of a graded run. */
export interface RecordOptions {
  seed?: number;
  limits: Pick<GradeLimits, 'maxCommands' | 'maxOutputBytes'>;
}

const IOMAP_F_NEW = 0x1;
const IOMAP_F_SHARED = 0x4;

/**
 * A machine with an assignment's filesystem made, mounted and set up (the setup script run, its
 * trace dropped), ready for the student's script. `fs.setup` must already have its parameters.
 */
export function prepareFilesystem(fs: FilesystemSpec, seed = 0): Machine {
  const m = new Machine({ trace: true, events: [...DEFAULT_EVENTS, ...fs.events.filter((e) => !e.startsWith('-'))] });
  m.mkfs(fs.mkfs, SCRATCH_DEV);
  m.mount(fs.mount);
  if (fs.setup) {
    const setup = runOnMachine(m, fs.setup, { steps: false, seed });
    if (setup.error) throw new SetupError(`setup script: line ${setup.error.line}:${setup.error.col}: ${setup.error.message}`);
    if (setup.exitCode !== 0) throw new SetupError(`setup script exited with status ${setup.exitCode}: ${setup.output.slice(-500)}`);
    // The graded trace starts with the graded script.
    m.tracer.events.length = 0;
  }
  return m;
}

/** Make the filesystem, run the setup, then run `script` with steps recorded. */
export function recordRun(fs: FilesystemSpec, script: string, opts: RecordOptions): RunRecord {
  const m = prepareFilesystem(fs, opts.seed);
  const initialFiles = m.device?.mounted ? [...listFiles(m)].map(([p, ip]) => fileView(m, p, ip)) : [];
  const limits = { maxCommands: opts.limits.maxCommands, maxOutputBytes: opts.limits.maxOutputBytes, maxLoopIterations: opts.limits.maxCommands };
  const { machine, ...result } = runOnMachine(m, script, { seed: opts.seed, limits, steps: true });
  const inoPaths = new Map<number, string>();
  const note = (views: FileView[]) => views.forEach((f) => inoPaths.has(f.ino) || inoPaths.set(f.ino, f.path));
  note(result.files);
  note(initialFiles);
  result.steps.forEach((s) => note(s.files));
  return {
    result, initialFiles, inoPaths,
    decisions: flattenDecisions(result.steps, inoPaths),
    md5: (path) => {
      if (!machine.device?.mounted) return undefined;
      const ip = listFiles(machine).get(path);
      // Read the content directly: md5sum through the page cache would change the state checks read.
      return ip ? ip.content.md5(ip.size) : undefined;
    },
    blocksize: machine.device?.mp.blocksize ?? 4096,
  };
}

function flattenDecisions(steps: RunStep[], inoPaths: Map<number, string>): DecisionRecord[] {
  const out: DecisionRecord[] = [];
  for (const s of steps) {
    for (const d of s.iomap) {
      out.push({
        step: s.index, file: inoPaths.get(d.ino) ?? `ino ${d.ino}`, op: d.op, pos: d.pos, count: d.count, branch: d.branch,
        eof: d.eof, isize: d.isize, preallocBlocks: d.preallocBlocks, type: d.iomap.type, offset: d.iomap.offset,
        length: d.iomap.length, shared: (d.iomap.flags & IOMAP_F_SHARED) !== 0, new: (d.iomap.flags & IOMAP_F_NEW) !== 0,
        srcmap: d.srcmap?.type ?? 'none',
      });
    }
  }
  return out;
}
