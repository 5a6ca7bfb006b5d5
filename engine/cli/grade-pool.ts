/**
 * Worker threads for `xfslab grade`. Each submission is graded in a worker (off the main thread,
 * with V8's heap capped at the assignment's memory limit); the main thread times it and
 * terminates the worker when the time is up. A worker that is terminated or runs out of memory is
 * replaced; healthy workers take the next submission (every run starts from a fresh simulated
 * filesystem, so nothing carries over, and the 1–2 s start-up of a worker is paid once).
 */
import { Worker } from 'node:worker_threads';
import type { Assignment } from '../grade/assignment-types.js';
import { GradeSession, type GradeInput } from '../grade/grader.js';
import type { CheckResult, GradeReport } from '../grade/report-types.js';
import type { GradeJob, WorkerMessage } from './grade-messages.js';

const WORKER_URL = new URL('./grade-worker.mjs', import.meta.url);

/** One submission to grade. */
export interface PoolJob {
  assignment: Assignment;
  dir: string;
  input: GradeInput;
  timeoutMs: number;
  memoryMb: number;
}

interface Slot {
  worker: Worker;
  memoryMb: number;
  ready: Promise<void>;
  busy: boolean;
}

/** A pool of grading workers. */
export class GradePool {
  private slots: Slot[] = [];
  private waiting: (() => void)[] = [];
  private nextJob = 1;

  constructor(private readonly size: number) {}

  private spawn(memoryMb: number): Slot {
    const worker = new Worker(WORKER_URL, { resourceLimits: { maxOldGenerationSizeMb: memoryMb }, stdout: true, stderr: true });
    // A student's script cannot print through the worker (the engine has no console), but keep
    // stray library output off the CLI's own streams.
    worker.stdout.resume();
    worker.stderr.resume();
    // Errors are handled per job; between jobs an unhandled 'error' event would end the CLI.
    worker.on('error', () => undefined);
    const ready = new Promise<void>((res, rej) => {
      const onMsg = (m: WorkerMessage) => {
        if (m.type === 'ready') {
          worker.off('message', onMsg);
          res();
        }
      };
      worker.on('message', onMsg);
      worker.once('error', rej);
      worker.once('exit', (code) => rej(new Error(`grading worker exited during start-up (status ${code})`)));
    });
    ready.catch(() => undefined);
    return { worker, memoryMb, ready, busy: false };
  }

  /** A free slot with a worker of the right memory limit (waiting for one if all are busy). */
  private async acquire(memoryMb: number): Promise<Slot> {
    for (;;) {
      const free = this.slots.find((s) => !s.busy);
      if (free) {
        free.busy = true;
        if (free.memoryMb !== memoryMb) {
          void free.worker.terminate();
          Object.assign(free, this.spawn(memoryMb), { busy: true });
        }
        return free;
      }
      if (this.slots.length < this.size) {
        const s = this.spawn(memoryMb);
        s.busy = true;
        this.slots.push(s);
        return s;
      }
      await new Promise<void>((res) => this.waiting.push(res));
    }
  }

  private release(slot: Slot, healthy: boolean): void {
    if (!healthy) {
      void slot.worker.terminate();
      this.slots = this.slots.filter((s) => s !== slot);
    } else slot.busy = false;
    this.waiting.shift()?.();
  }

  /** Grade one submission within its limits; always resolves to a report. */
  async grade(job: PoolJob): Promise<GradeReport> {
    const slot = await this.acquire(job.memoryMb);
    const session = new GradeSession(job.assignment, job.input, { audience: 'instructor' });
    try {
      await slot.ready;
    } catch (e) {
      this.release(slot, false);
      return session.finish('engine-error', `could not start a grading worker: ${(e as Error).message}`, []);
    }
    const jobId = this.nextJob++;
    const { worker } = slot;
    return new Promise<GradeReport>((resolve) => {
      let independent: CheckResult[] = [];
      let settled = false;
      const done = (report: GradeReport, healthy: boolean) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        worker.off('message', onMessage);
        worker.off('error', onError);
        worker.off('exit', onExit);
        this.release(slot, healthy);
        resolve(report);
      };
      const onMessage = (m: WorkerMessage) => {
        if (m.type === 'independent' && m.jobId === jobId) independent = m.results;
        else if (m.type === 'report' && m.jobId === jobId) done(m.report, true);
        else if (m.type === 'error' && m.jobId === jobId) done(session.finish('engine-error', `the simulator failed: ${m.message}`, []), true);
      };
      const onError = (e: Error & { code?: string }) => {
        if (e.code === 'ERR_WORKER_OUT_OF_MEMORY') done(session.stopped('memory', job.memoryMb, independent), false);
        else done(session.finish('engine-error', `the grading worker crashed: ${e.message}`, []), false);
      };
      const onExit = (code: number) => done(session.finish('engine-error', `the grading worker exited (status ${code})`, []), false);
      const timer = setTimeout(() => {
        done(session.stopped('timeout', job.timeoutMs, independent), false);
      }, job.timeoutMs);
      worker.on('message', onMessage);
      worker.on('error', onError);
      worker.on('exit', onExit);
      const msg: GradeJob = { type: 'grade', jobId, dir: job.dir, input: job.input };
      worker.postMessage(msg);
    });
  }

  /** Stop every worker. */
  async close(): Promise<void> {
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
    this.slots = [];
  }
}
