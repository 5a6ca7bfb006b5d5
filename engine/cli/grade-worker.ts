/**
 * A worker thread of `xfslab grade`: grades one submission at a time, posting the checks that do
 * not need the student's run first, so they survive a timeout. The main thread enforces the
 * wall-time and memory limits by terminating this thread.
 */
import { parentPort } from 'node:worker_threads';
import { GradeSession } from '../grade/grader.js';
import type { Assignment } from '../grade/assignment-types.js';
import type { GradeJob, WorkerMessage } from './grade-messages.js';
import { loadAssignmentDir } from './read-assignment.js';

const port = parentPort;
if (!port) throw new Error('grade-worker must run in a worker thread');
const post = (m: WorkerMessage): void => port.postMessage(m);
const assignments = new Map<string, Assignment>();

function assignmentIn(dir: string): Assignment {
  let a = assignments.get(dir);
  if (!a) {
    const r = loadAssignmentDir(dir);
    if (!r.ok) throw new Error(`assignment ${dir} no longer loads: ${r.errors[0]?.message}`);
    a = r.assignment;
    assignments.set(dir, a);
  }
  return a;
}

port.on('message', (job: GradeJob) => {
  try {
    const session = new GradeSession(assignmentIn(job.dir), job.input, { audience: 'instructor' });
    post({ type: 'independent', jobId: job.jobId, results: session.independent() });
    post({ type: 'report', jobId: job.jobId, report: session.complete() });
  } catch (e) {
    post({ type: 'error', jobId: job.jobId, message: e instanceof Error ? e.message : String(e) });
  }
});
post({ type: 'ready' });
