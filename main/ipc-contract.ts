// The process boundary, declared once: every request the renderer may make and every event it may
// receive. Each request has a runtime schema (types vanish at the bridge): main validates every
// payload with it, the preload builds `window.api` from REQUEST_METHODS and EVENT_NAMES, the web
// bridge implements the same `LabApi` over loopback, and the renderer imports this file as types only.
import { z } from 'zod';
import type { RunView } from './run-view-types';
import type { GradeReport, StudentQuestion } from '../engine/index';

export type { RunView, GradeReport, StudentQuestion };

/** Longest script the lab accepts (a lab script is a few dozen lines; this is generous). */
export const MAX_SCRIPT_BYTES = 256 * 1024;

/** A workspace slot: the free sandbox, one per assignment, one per opened file. */
const slot = z.string().regex(/^(sandbox|assignment:[a-z0-9][a-z0-9-]{0,63}|file:[a-f0-9]{16})$/);
const assignmentId = z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/);
const fileId = z.string().regex(/^[a-f0-9]{16}$/);
const runId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);
const script = z.string().max(MAX_SCRIPT_BYTES);
/** A file name as a student would give it: no directories, no control characters. */
const fileName = z.string().min(1).max(200).refine((s) => !/[/\\]/.test(s) && ![...s].some((c) => c.charCodeAt(0) < 32), 'a plain file name');

/** Runtime schema of each request's argument (z.undefined() for none). Keys are the method names. */
export const REQUEST_SCHEMAS = {
  appInfo: z.undefined(),
  listAssignments: z.undefined(),
  getAssignment: z.strictObject({ id: assignmentId }),
  loadDraft: z.strictObject({ slot }),
  saveDraft: z.strictObject({ slot, text: script }),
  listRecentFiles: z.undefined(),
  openScriptFile: z.undefined(),
  importScript: z.strictObject({ name: fileName, text: script }),
  openRecentFile: z.strictObject({ id: fileId }),
  saveScriptFile: z.strictObject({ name: fileName, text: script }),
  checkScript: z.strictObject({ script }),
  checkAssignment: z.strictObject({
    runId, id: assignmentId, script,
    answers: z.record(z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/), z.string().max(4096)).refine((a) => Object.keys(a).length <= 200, 'at most 200 answers'),
  }),
  submitAssignment: z.strictObject({
    id: assignmentId, script,
    answers: z.record(z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/), z.string().max(4096)).refine((a) => Object.keys(a).length <= 200, 'at most 200 answers'),
    studentId: z.string().trim().min(1).max(64).refine((s) => ![...s].some((c) => c.charCodeAt(0) < 32 || c === '\u007f'), 'printable characters'),
  }),
  gradeSubmission: z.strictObject({ runId, text: z.string().max(2 * 1024 * 1024) }),
  runScript: z.strictObject({ runId, script, seed: z.number().int().min(0).max(2 ** 31 - 1).optional() }),
  cancelRun: z.strictObject({ runId }),
  openExternal: z.strictObject({ url: z.string().max(2048) }),
} as const;

export type RequestMethod = keyof typeof REQUEST_SCHEMAS;
/** The request methods, in declaration order (the preload and the bridge build `window.api` from it). */
export const REQUEST_METHODS = Object.keys(REQUEST_SCHEMAS) as RequestMethod[];

/** Events main sends to the renderer; `on<Name>` in `window.api` subscribes. */
export const EVENT_NAMES = ['runProgress', 'menuCommand'] as const;
export type EventName = (typeof EVENT_NAMES)[number];

export { requestChannel, eventChannel } from './ipc-channels';
/** The `window.api` key that subscribes to an event: runProgress → onRunProgress. */
export const eventMethod = (e: EventName): `on${Capitalize<EventName>}` =>
  `on${e[0].toUpperCase()}${e.slice(1)}` as `on${Capitalize<EventName>}`;

// ---- values that cross the boundary -------------------------------------------------------------

/** Text in each language the lab speaks. */
export interface Localized {
  en: string;
  'zh-CN': string;
}

export interface AppInfo {
  version: string;
  host: 'desktop' | 'web';
  /** Platform of the machine running the lab service (for keyboard hints: ⌘ on darwin). */
  platform: string;
  /** Started for an instructor (`--instructor`): the Grade view, which runs hidden checks, is open. */
  instructor: boolean;
}

export type AssignmentStatus = 'not-started' | 'in-progress' | 'passed';

export interface AssignmentSummary {
  id: string;
  title: Localized;
  topic: Localized;
  order: number;
  status: AssignmentStatus;
}

export interface Assignment extends AssignmentSummary {
  /** Instructions (Markdown), per language. */
  readme: Localized;
  starter: string;
  /** Predict-then-run questions (the assignment's answer checks); empty when it has no checks. */
  questions: StudentQuestion[];
  /** The student id remembered in the workspace (asked once, at the first Submit); null before. */
  studentId: string | null;
}

/** A submission file: saved through the save dialog (desktop), or its text for the page to download (web). */
export interface SubmitResult {
  saved: boolean;
  name: string;
  text?: string;
}

export interface Draft {
  text: string;
  /** ms since the epoch. */
  savedAt: number;
}

export interface RecentFile {
  id: string;
  name: string;
  openedAt: number;
}

export interface OpenedFile extends RecentFile {
  text: string;
}

/** A diagnostic from the engine's parser, 1-based. */
export interface Diagnostic {
  line: number;
  col: number;
  message: string;
}

export interface RunProgress {
  runId: string;
  /** Steps recorded so far and wall time since the run started. */
  steps: number;
  elapsedMs: number;
  phase: 'starting' | 'running' | 'preparing-view';
}

/** Commands from the desktop app menu, forwarded to the page. */
export type MenuCommand = 'open-file' | 'save-file' | 'run' | 'stop' | 'home' | 'toggle-theme' | 'about';

/** Errors as values: Electron keeps only the message of a thrown error. */
export interface LabError {
  /** errno-style code: EINVAL (bad payload), EACCES (sender), ENOENT, ETIMEDOUT, ENOMEM, ECANCELED, EIO, ... */
  code: string;
  message: string;
}
export type Result<T> = { ok: true; value: T } | { ok: false; error: LabError };

/** What each request resolves to. */
export interface RequestResults {
  appInfo: AppInfo;
  listAssignments: AssignmentSummary[];
  getAssignment: Assignment;
  loadDraft: Draft | null;
  saveDraft: { savedAt: number };
  listRecentFiles: RecentFile[];
  openScriptFile: OpenedFile | null;
  importScript: OpenedFile;
  openRecentFile: OpenedFile;
  saveScriptFile: { saved: boolean; name: string };
  checkScript: Diagnostic[];
  checkAssignment: GradeReport;
  submitAssignment: SubmitResult;
  gradeSubmission: GradeReport;
  runScript: RunView;
  cancelRun: { cancelled: boolean };
  openExternal: { opened: boolean };
}

export interface EventPayloads {
  runProgress: RunProgress;
  menuCommand: MenuCommand;
}

export type RequestArg<M extends RequestMethod> = z.infer<(typeof REQUEST_SCHEMAS)[M]>;

/** One named function per request… */
export type LabRequests = {
  [M in RequestMethod]: RequestArg<M> extends undefined
    ? () => Promise<Result<RequestResults[M]>>
    : (arg: RequestArg<M>) => Promise<Result<RequestResults[M]>>;
};
/** …and one subscription per event (callbacks get the data, never the IPC event); returns unsubscribe. */
export type LabEvents = {
  [E in EventName as `on${Capitalize<E>}`]: (callback: (payload: EventPayloads[E]) => void) => () => void;
};

/** `window.api`: what the renderer can ask of the lab. */
export type LabApi = LabRequests & LabEvents;

/** Every key `window.api` has, in a stable order (tests check the page against it). */
export const API_KEYS: readonly string[] = [...REQUEST_METHODS, ...EVENT_NAMES.map(eventMethod)];

/** Check a request's argument against its schema. */
export function validateRequest<M extends RequestMethod>(
  method: M, arg: unknown,
): { ok: true; value: RequestArg<M> } | { ok: false; error: LabError } {
  const schema = REQUEST_SCHEMAS[method];
  const parsed = schema.safeParse(arg);
  if (parsed.success) return { ok: true, value: parsed.data as RequestArg<M> };
  const issue = parsed.error.issues[0];
  const where = issue?.path.length ? ` at ${issue.path.join('.')}` : '';
  return { ok: false, error: { code: 'EINVAL', message: `${method}: invalid request${where}: ${issue?.message ?? 'bad payload'}` } };
}

/** Whether `name` is one of the request methods (an unknown method is refused, not dispatched). */
export function isRequestMethod(name: unknown): name is RequestMethod {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(REQUEST_SCHEMAS, name);
}
