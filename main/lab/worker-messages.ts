// Messages between the lab service and its run workers (run-worker.ts).
import type { RunLimits } from '../../engine/index';
import type { Diagnostic, RunProgress } from '../ipc-contract';
import type { RunView } from '../run-view-types';

export type WorkerRequest =
  | { type: 'run'; runId: string; script: string; seed: number; limits: RunLimits }
  | { type: 'check'; id: number; script: string };

export type WorkerReply =
  | ({ type: 'progress' } & RunProgress)
  | { type: 'done'; runId: string; view: RunView }
  | { type: 'checked'; id: number; diagnostics: Diagnostic[] }
  | { type: 'error'; id: string | number; message: string };
