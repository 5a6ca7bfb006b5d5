// Runs student scripts off the UI thread: a worker per run, with limits on wall time (a timer),
// memory (the worker's heap limit) and operations (the engine's RunLimits), cancellation
// (terminate the worker) and progress events. Syntax checks go to one long-lived worker.
import { Worker } from 'node:worker_threads';
import type { CheckResult, RunLimits } from '../../engine/index';
import type { Diagnostic, GradeReport, LabError, Result, RunProgress } from '../ipc-contract';
import type { RunView } from '../run-view-types';
import type { GradeJob, WorkerReply, WorkerRequest } from './worker-messages';

export interface RunManagerOptions {
  /** The worker script (the built run-worker.js, or the .ts file under tsx). */
  workerUrl: URL;
  execArgv?: string[];
  /** Wall-time limit of one run, ms. */
  timeMs: number;
  /** Heap limit of a run worker, MiB. */
  memoryMb: number;
  /** Operation limits passed to the engine. */
  engine: RunLimits;
  /** Runs at once (more are refused with EBUSY). */
  maxRuns: number;
  /** Time limit of a syntax check, ms. */
  checkMs: number;
  onProgress(p: RunProgress): void;
}

/** Defaults: generous for a lab script, small enough that a runaway one cannot hurt the machine. */
export const DEFAULT_RUN_LIMITS = {
  timeMs: 30_000,
  memoryMb: 1024,
  engine: { maxCommands: 200_000, maxOutputBytes: 8 * 1024 * 1024, maxLoopIterations: 200_000 },
  maxRuns: 2,
  checkMs: 3_000,
} satisfies Omit<RunManagerOptions, 'workerUrl' | 'onProgress'>;

interface ActiveRun {
  worker: Worker;
  timer: NodeJS.Timeout;
  settle(r: Result<never>): void;
}

/** How a job's failures are worded (the same limits, said of a run or of grading). */
interface JobWords {
  tooLong: string;
  tooBig: string;
  failed: string;
  worker: string;
}
const RUN_WORDS: JobWords = {
  tooLong: 'the script ran longer than', tooBig: 'the script used more than', failed: 'the engine failed', worker: 'run',
};
const GRADE_WORDS: JobWords = {
  tooLong: 'grading took longer than', tooBig: 'grading used more than', failed: 'the grader failed', worker: 'grade',
};

/**
 * The limits of one grading, from its assignment (the CLI grades under the same ones), and the report
 * for a run they stopped: a grading stopped by a limit is a report (status timeout or limit-exceeded,
 * with the checks that did not need the run), as `xfslab grade` gives, not a failure.
 */
export interface GradeLimits {
  timeMs: number;
  memoryMb: number;
  stopped(kind: 'timeout' | 'memory', independent: CheckResult[]): GradeReport;
}

/** One job for inWorker: its request, limits, and how worker messages become its result. */
interface JobSpec<T> {
  words: JobWords;
  req: WorkerRequest;
  timeMs: number;
  memoryMb: number;
  /** A worker message turned into the result; undefined = not the answer yet. */
  answer(msg: WorkerReply): Result<T> | undefined;
  /** The result when a limit stops the job; without it, the job fails (ETIMEDOUT, ENOMEM). */
  stopped?(kind: 'timeout' | 'memory'): Result<T>;
}

/** How long a fresh worker may take to load before the job fails. */
const WORKER_START_MS = 20_000;

const fail = (code: string, message: string): { ok: false; error: LabError } => ({ ok: false, error: { code, message } });

export class RunManager {
  private readonly runs = new Map<string, ActiveRun>();
  private checker: Worker | undefined;
  private checkSeq = 0;
  private readonly checks = new Map<number, (r: Result<Diagnostic[]>) => void>();
  private checkQueue: Promise<unknown> = Promise.resolve();

  constructor(private readonly opts: RunManagerOptions) {}

  private spawn(memoryMb: number): Worker {
    return new Worker(this.opts.workerUrl, {
      execArgv: this.opts.execArgv,
      resourceLimits: { maxOldGenerationSizeMb: memoryMb, maxYoungGenerationSizeMb: 64 },
      stdout: true, // the engine prints nothing; anything it did print stays out of the app's terminal
      stderr: true,
    });
  }

  /** Run a script in a fresh worker; resolves with its view, or with why it stopped. */
  run(runId: string, script: string, seed = 0): Promise<Result<RunView>> {
    const started = Date.now();
    const { timeMs, memoryMb } = this.opts;
    return this.inWorker<RunView>(runId, {
      words: RUN_WORDS, req: { type: 'run', runId, script, seed, limits: this.opts.engine }, timeMs, memoryMb,
      answer: (msg) => {
        if (msg.type === 'progress') this.opts.onProgress({ runId, steps: msg.steps, elapsedMs: Date.now() - started, phase: msg.phase });
        return msg.type === 'done' ? { ok: true, value: msg.view } : undefined;
      },
    });
  }

  /**
   * Grade a script or a submission in a fresh worker (Check and Grade), counted among the runs. With
   * `limits` (the assignment's), a run they stop gives a timeout or limit-exceeded report, as
   * `xfslab grade` does; without them the run's own limits apply and stopping fails the job.
   */
  grade(runId: string, job: GradeJob, limits?: GradeLimits): Promise<Result<GradeReport>> {
    let independent: CheckResult[] = [];
    return this.inWorker<GradeReport>(runId, {
      words: GRADE_WORDS, req: { type: 'grade', runId, job },
      timeMs: limits?.timeMs ?? this.opts.timeMs, memoryMb: limits?.memoryMb ?? this.opts.memoryMb,
      answer: (msg) => {
        if (msg.type === 'independent') independent = msg.results;
        return msg.type === 'graded' ? { ok: true, value: msg.report } : undefined;
      },
      stopped: limits && ((kind) => ({ ok: true, value: limits.stopped(kind, independent) })),
    });
  }

  /** One job in a fresh worker under its wall-time and memory limits, counted among the runs and cancellable. */
  private inWorker<T>(runId: string, job: JobSpec<T>): Promise<Result<T>> {
    if (this.runs.has(runId)) return Promise.resolve(fail('EEXIST', `run ${runId} is already running`));
    if (this.runs.size >= this.opts.maxRuns) return Promise.resolve(fail('EBUSY', 'too many runs at once; stop one first'));
    const { words } = job;
    return new Promise((resolve) => {
      const worker = this.spawn(job.memoryMb);
      let done = false;
      const settle = (r: Result<T>): void => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        this.runs.delete(runId);
        void worker.terminate();
        resolve(r);
      };
      const limitHit = () => settle(job.stopped?.('timeout') ?? fail('ETIMEDOUT', `${words.tooLong} ${Math.round(job.timeMs / 1000)} s and was stopped`));
      // The time limit counts from the worker's start (as the CLI's pool counts from a ready worker):
      // a slow start of the worker is not the script's time.
      let timer = setTimeout(() => settle(fail('EIO', `the ${words.worker} worker did not start`)), WORKER_START_MS);
      const entry = { worker, timer, settle };
      this.runs.set(runId, entry);
      worker.on('message', (msg: WorkerReply) => {
        if (msg.type === 'ready') {
          clearTimeout(timer);
          timer = entry.timer = setTimeout(limitHit, job.timeMs);
          worker.postMessage(job.req);
          return;
        }
        const r = job.answer(msg);
        if (r) settle(r);
        else if (msg.type === 'error') settle(fail('EIO', `${words.failed}: ${msg.message}`));
      });
      worker.on('error', (err: Error & { code?: string }) => {
        if (err.code === 'ERR_WORKER_OUT_OF_MEMORY') settle(job.stopped?.('memory') ?? fail('ENOMEM', `${words.tooBig} ${job.memoryMb} MiB and was stopped`));
        else settle(fail('EIO', `the ${words.worker} worker failed: ${err.message}`));
      });
      worker.on('exit', (code) => settle(fail('EIO', `the ${words.worker} worker exited (${code})`)));
      if (job.req.type === 'run') this.opts.onProgress({ runId, steps: 0, elapsedMs: 0, phase: 'starting' });
    });
  }

  /** Stop a run; its promise resolves with ECANCELED. */
  cancel(runId: string): boolean {
    const run = this.runs.get(runId);
    if (!run) return false;
    run.settle(fail('ECANCELED', 'the run was stopped'));
    return true;
  }

  /** Parse a script (nothing runs) and return the parser's diagnostics. One check at a time. */
  check(script: string): Promise<Result<Diagnostic[]>> {
    const next = this.checkQueue.then(() => this.checkNow(script));
    this.checkQueue = next.catch(() => undefined);
    return next;
  }

  private checkNow(script: string): Promise<Result<Diagnostic[]>> {
    if (!this.checker) {
      const w = this.spawn(256);
      w.on('message', (msg: WorkerReply) => {
        if (msg.type === 'checked') this.checks.get(msg.id)?.({ ok: true, value: msg.diagnostics });
        else if (msg.type === 'error' && typeof msg.id === 'number') this.checks.get(msg.id)?.(fail('EIO', msg.message));
      });
      const lost = (): void => {
        if (this.checker === w) this.checker = undefined;
        for (const settle of this.checks.values()) settle(fail('EIO', 'the check worker stopped'));
      };
      w.on('error', lost);
      w.on('exit', lost);
      w.unref();
      this.checker = w;
    }
    const w = this.checker;
    const id = ++this.checkSeq;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        settle(fail('ETIMEDOUT', 'the syntax check took too long'));
        this.checker = undefined;
        void w.terminate();
      }, this.opts.checkMs);
      const settle = (r: Result<Diagnostic[]>): void => {
        clearTimeout(timer);
        this.checks.delete(id);
        resolve(r);
      };
      this.checks.set(id, settle);
      const req: WorkerRequest = { type: 'check', id, script };
      w.postMessage(req);
    });
  }

  /** Stop every worker (app quit, server close). */
  async dispose(): Promise<void> {
    for (const id of [...this.runs.keys()]) this.cancel(id);
    const w = this.checker;
    this.checker = undefined;
    if (w) await w.terminate();
  }

  get activeRuns(): number {
    return this.runs.size;
  }
}
