// A worker thread that runs one student script on the engine, off the main process's event loop.
// The lab service starts one per run (and one long-lived one for syntax checks), bounds its memory
// with resourceLimits and its time with a timer, and terminates it to cancel.
import { parentPort } from 'node:worker_threads';
import { GradeSession, checkScript, loadAssignment, prepareSubmission, runScript, type RunLimits } from '../../engine/index';
import { buildRunView } from './run-view';
import type { GradeJob, WorkerRequest, WorkerReply } from './worker-messages';

const port = parentPort;
if (!port) throw new Error('run-worker must run in a worker thread');

const post = (msg: WorkerReply): void => port.postMessage(msg);

/** Progress of a run, posted at most every 100 ms (every 256th step is looked at). */
function progressReporter(runId: string, started: number): (index: number) => void {
  let lastPost = 0;
  return (index) => {
    if ((index & 255) !== 0) return;
    const now = Date.now();
    if (now - lastPost < 100) return;
    lastPost = now;
    post({ type: 'progress', runId, steps: index, elapsedMs: now - started, phase: 'running' });
  };
}

function run(runId: string, script: string, seed: number, limits: RunLimits): void {
  const started = Date.now();
  const res = runScript(script, { seed, limits, onStep: progressReporter(runId, started) });
  const runMs = Date.now() - started;
  post({ type: 'progress', runId, steps: res.steps.length, elapsedMs: runMs, phase: 'preparing-view' });
  const { machine: _machine, ...plain } = res;
  const t = Date.now();
  const view = buildRunView(runId, plain, { runMs, viewMs: 0 });
  view.timing.viewMs = Date.now() - t;
  post({ type: 'done', runId, view });
}

function check(id: number, script: string): void {
  // The parser alone: nothing runs.
  const diag = checkScript(script);
  post({ type: 'checked', id, diagnostics: diag ? [diag] : [] });
}

/**
 * Grade as the CLI's worker does: the checks that do not need the student's run are posted first,
 * so a grading the service stops at a limit keeps them (see RunManager.grade).
 */
function grade(runId: string, job: GradeJob): void {
  const loaded = loadAssignment(job.assignmentId, job.files);
  if (!loaded.ok) throw new Error(`assignment "${job.assignmentId}" is not a gradable one: ${loaded.errors.map((e) => `${e.file} ${e.field}: ${e.message}`).join('; ')}`);
  let session: GradeSession;
  let warnings: string[] = [];
  if (job.submission !== undefined) {
    const p = prepareSubmission(loaded.assignment, job.submission, { now: job.now });
    if ('report' in p) {
      post({ type: 'graded', runId, report: p.report });
      return;
    }
    ({ session, warnings } = p);
  } else {
    session = new GradeSession(loaded.assignment, { script: job.script, answers: job.answers, studentId: job.studentId }, { audience: job.audience, now: job.now });
  }
  post({ type: 'independent', runId, results: session.independent() });
  const report = session.complete();
  report.warnings.push(...warnings);
  post({ type: 'graded', runId, report });
}

port.on('message', (msg: WorkerRequest) => {
  try {
    if (msg.type === 'run') run(msg.runId, msg.script, msg.seed, msg.limits);
    else if (msg.type === 'grade') grade(msg.runId, msg.job);
    else check(msg.id, msg.script);
  } catch (e) {
    post({ type: 'error', id: msg.type === 'check' ? msg.id : msg.runId, message: e instanceof Error ? e.message : String(e) });
  }
});
post({ type: 'ready' });
