/**
 * Running a lab script: a fresh machine formatted and mounted from the script's header, the shell
 * with our tools, and a run result with one step per command and per system call (output, trace
 * events, iomap decisions, and the fork/space state after it, kept as deltas).
 */
import { Machine } from '../machine.js';
import { setIomapObserver } from '../iomap-buffered-io.js';
import type { IomapDecision } from '../xfs-iomap.js';
import type { TraceEvent } from '../xfs-trace.js';
import { DEFAULT_EVENTS, QUOTA_RECORDER_EVENTS } from '../xfs-trace.js';
import { flavourOf } from '../xfs-flavour.js';
import { XfsError } from '../xfs-errors.js';
import { runShell, type ShellResult } from '../script/shell.js';
import { TOOLS } from '../script/tools/index.js';
import type { ToolHost } from '../script/tool.js';
import type { XfsStats } from '../xfs-stats.js';
import { parseScriptHeader } from './script-header.js';
import { fileView, listFiles, spaceView, type FileView, type SpaceView } from './fs-state.js';

/** Where the scratch filesystem is mounted, as scripts see it. */
export const SCRATCH_MNT = '/mnt/scratch';
export const SCRATCH_DEV = '/dev/loop0';

/** Limits on one run (student scripts are untrusted). */
export interface RunLimits {
  maxCommands?: number;
  maxOutputBytes?: number;
  maxLoopIterations?: number;
}

/** Options of a run. */
export interface RunOptions {
  /** Seed for anything random a script asks for (xfs_io -R without -Z, $RANDOM). */
  seed?: number;
  /** Capture trace events (default true). */
  trace?: boolean;
  /** Record steps with state deltas (default true; benchmarks turn it off). */
  steps?: boolean;
  limits?: RunLimits;
  /** Extra events to enable beyond the recorder's default list. */
  events?: string[];
  /** Called as each step begins (progress of long runs; cheap: no state is built for it). */
  onStep?: (index: number, kind: RunStep['kind'], label: string) => void;
  /** Called with the machine before the script runs (setup scripts, tests). */
  beforeScript?: (m: Machine) => void;
  /**
   * The kernel release to follow where kernels differ (a recording's `kernel`; default the script's
   * `# kernel:` header, else 6.18). A 6.1 run also enables the quota recorder's extra events.
   */
  kernel?: string;
}

/** One step of a run: a command, or a system call inside one. */
export interface RunStep {
  index: number;
  kind: 'command' | 'syscall';
  label: string;
  /** 1-based source position of the command that produced it. */
  line: number;
  col: number;
  endLine: number;
  /** Output produced during the step. */
  output: string;
  /** Trace events [start, end) of RunResult.trace. */
  events: [number, number];
  iomap: IomapDecision[];
  /** Files whose state changed in this step (full views of those files only), and removed paths. */
  files: FileView[];
  removed: string[];
  space: SpaceView | null;
}

/** The result of a run. */
export interface RunResult {
  output: string;
  exitCode: number;
  error?: { line: number; col: number; message: string };
  limitExceeded?: string;
  trace: TraceEvent[];
  steps: RunStep[];
  /** Final state of every file. */
  files: FileView[];
  space: SpaceView | null;
  /** XFS statistics counters at the end of the run (/proc/fs/xfs/stat style). */
  stats: XfsStats | null;
  machine: Machine;
}

/** Make a machine with the scratch filesystem of the script's header, mounted. */
export function prepareMachine(script: string, opts: RunOptions = {}): Machine {
  const header = parseScriptHeader(script);
  const kernel = opts.kernel ?? header.kernel;
  const quotaEvents = flavourOf(kernel) === '6.1' ? QUOTA_RECORDER_EVENTS
    : /(^|,)(u|g|p|usr|grp|prj)?quota(,|$)/.test(header.mount) ? ['xfs_trans_mod_dquot', 'xfs_dquot_dqalloc'] : [];
  const events = [...DEFAULT_EVENTS, ...quotaEvents, ...header.events, ...(opts.events ?? [])];
  const m = new Machine({ trace: opts.trace ?? true, events, kernel });
  m.mkfs(header.mkfs, SCRATCH_DEV);
  m.mount(header.mount);
  return m;
}

/** The ToolHost over a machine. */
export function makeHost(m: Machine, onStep: (label: string) => void, recordsSteps = true): ToolHost {
  return {
    recordsSteps,
    setTask: (name) => {
      m.tracer.ctx = name;
    },
    step: onStep,
    sleep: (s) => m.sleep(s),
    now: () => m.nowUs() / 1e6,
    readSysctl: (k) => m.readSysctl(k),
    writeSysctl: (k, v) => m.writeSysctl(k, v),
    mkfs: (args) => m.mkfs(args, SCRATCH_DEV),
    mount: (o) => m.mount(o),
    umount: () => m.umount(),
    mountPoint: SCRATCH_MNT,
    device: SCRATCH_DEV,
  };
}

/** Run a script on a fresh machine. */
export function runScript(script: string, opts: RunOptions = {}): RunResult {
  const m = prepareMachine(script, opts);
  opts.beforeScript?.(m);
  return runOnMachine(m, script, opts);
}

/** Run a script on a prepared machine. */
export function runOnMachine(m: Machine, script: string, opts: RunOptions = {}): RunResult {
  const recordSteps = opts.steps ?? true;
  const steps: RunStep[] = [];
  let output = '';
  let pending: IomapDecision[] = [];
  let cmdPos = { line: 0, col: 0, endLine: 0 };
  let lastFiles = new Map<string, string>();

  const snapshotFiles = (): { files: FileView[]; removed: string[] } => {
    if (!m.device?.mounted) return { files: [], removed: [] };
    const now = new Map<string, string>();
    const changed: FileView[] = [];
    for (const [path, ip] of listFiles(m)) {
      // Sharing also changes through other files (a reflink, a CoW remap): the refcount version says so.
      const shared = ip.isReflink() ? m.fs.refcount.version : 0;
      const key = `${shared}:${ip.ino}:${ip.size}:${ip.diskSize}:${ip.nblocks}:${ip.delayedBlks}:${ip.df.seq}:${ip.cowFork?.seq ?? -1}:${ip.cowFork?.count ?? 0}:${ip.iflags}`;
      now.set(path, key);
      if (lastFiles.get(path) !== key) changed.push(fileView(m, path, ip));
    }
    const removed = [...lastFiles.keys()].filter((p) => !now.has(p));
    lastFiles = now;
    return { files: changed, removed };
  };
  const closeStep = () => {
    const s = steps[steps.length - 1];
    if (!s) return;
    s.output = output.slice(outputMark);
    s.events[1] = m.tracer.events.length;
    s.iomap = pending;
    pending = [];
    const snap = snapshotFiles();
    s.files = snap.files;
    s.removed = snap.removed;
    s.space = m.device?.mounted ? spaceView(m) : null;
  };
  let outputMark = 0;
  let stepCount = 0;
  const openStep = (kind: RunStep['kind'], label: string) => {
    opts.onStep?.(stepCount++, kind, label);
    if (!recordSteps) return;
    closeStep();
    outputMark = output.length;
    m.tracer.step = steps.length;
    steps.push({
      index: steps.length, kind, label, line: cmdPos.line, col: cmdPos.col, endLine: cmdPos.endLine,
      output: '', events: [m.tracer.events.length, m.tracer.events.length], iomap: [], files: [], removed: [], space: null,
    });
  };
  if (recordSteps) {
    setIomapObserver((d) => pending.push(d));
    snapshotFiles();
  }
  let res: ShellResult;
  try {
    res = runShell(script, {
      sys: m,
      // step() is a no-op only when no steps are recorded and no onStep hook listens.
      host: makeHost(m, (label) => openStep('syscall', label), recordSteps || opts.onStep !== undefined),
      tools: TOOLS,
      env: { SCRATCH_MNT, SCRATCH_DEV, TEST_DIR: '/mnt/test', HOME: '/root', PATH: '/usr/sbin:/usr/bin:/sbin:/bin' },
      limits: opts.limits,
      seed: opts.seed ?? 0,
      onCommand: (info) => {
        cmdPos = { line: info.line, col: info.col, endLine: info.endLine };
        m.tracer.ctx = 'bash';
        openStep('command', info.text);
      },
      onOutput: (_stream, text) => {
        output += text;
      },
    });
  } finally {
    setIomapObserver(null);
  }
  closeStep();
  const files = m.device?.mounted ? [...listFiles(m)].map(([p, ip]) => fileView(m, p, ip)) : [];
  return {
    output, exitCode: res.exitCode, error: res.error,
    limitExceeded: res.limitExceeded && `${res.limitExceeded.limit} (${res.limitExceeded.value}) exceeded at line ${res.limitExceeded.line}`,
    trace: m.tracer.events, steps, files, space: m.device?.mounted ? spaceView(m) : null,
    stats: m.device ? { ...m.device.mp.stats } : null, machine: m,
  };
}

/** Message for an engine error the way a tool prints it. */
export function errnoMessage(e: unknown): string {
  return e instanceof XfsError ? e.strerror : String(e);
}
