// The lab service: everything the renderer can ask, independent of how it asks (Electron IPC in
// main/index.ts, loopback WebSocket in main/web/web-lab.ts). `dispatch` validates the payload against
// the contract's schema, then runs the handler; failures come back as values, never thrown.
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import {
  validateRequest, type LabError, type RequestArg, type RequestMethod, type RequestResults, type Result, type RunProgress,
  MAX_SCRIPT_BYTES,
} from '../ipc-contract';
import { GradeSession, createSubmission, orphanReport, parseSubmission, prepareSubmission, loadAssignment as loadGradable, studentView, submissionFileName, type Assignment as GradableAssignment, type GradeReport } from '../../engine/index';
import { readAssignmentFiles } from './assignment-files';
import { listAssignments, loadAssignment } from './assignments';
import { RunManager, DEFAULT_RUN_LIMITS, type GradeLimits, type RunManagerOptions } from './run-manager';
import { Workspace } from './workspace';

/** What differs between the desktop app and the web version. */
export interface LabHost {
  kind: 'desktop' | 'web';
  version: string;
  /** Native open dialog (desktop); the web bridge opens files in the page instead. */
  pickScriptFile?(): Promise<string | null>;
  /** Native save dialog (desktop); the web bridge downloads instead. */
  pickSavePath?(suggestedName: string, kind?: 'script' | 'submission'): Promise<string | null>;
  writeFile?(file: string, text: string): Promise<void>;
  /** The clock (after-due checks); Date.now unless a test fixes it. */
  now?(): number;
  /** Open an https: URL in the system browser (desktop). */
  openExternal?(url: string): Promise<void>;
}

export interface LabServiceOptions {
  host: LabHost;
  assignmentsDir: string;
  workspaceDir: string;
  workerUrl: URL;
  workerExecArgv?: string[];
  limits?: Partial<Omit<RunManagerOptions, 'workerUrl' | 'onProgress' | 'execArgv'>>;
  /**
   * Started for an instructor (`npm start -- --instructor`): only then does the service grade
   * submission files, whose reports show hidden checks. A student's lab refuses.
   */
  instructor?: boolean;
  onProgress(p: RunProgress): void;
}

type Handlers = { [M in RequestMethod]: (arg: RequestArg<M>) => Promise<RequestResults[M]> };

/** A failure with an errno-style code, turned into `{ ok: false, error }` by dispatch. */
export class LabFailure extends Error {
  constructor(readonly code: string, message: string) {
    super(message);
  }
}

export class LabService {
  readonly workspace: Workspace;
  readonly runs: RunManager;
  private readonly handlers: Handlers;

  constructor(private readonly opts: LabServiceOptions) {
    this.workspace = new Workspace(opts.workspaceDir);
    this.runs = new RunManager({
      ...DEFAULT_RUN_LIMITS, ...opts.limits, workerUrl: opts.workerUrl, execArgv: opts.workerExecArgv, onProgress: opts.onProgress,
    });
    this.handlers = this.makeHandlers();
  }

  /** Validate and run one request. `method` must already be known to be a request method. */
  async dispatch<M extends RequestMethod>(method: M, arg: unknown): Promise<Result<RequestResults[M]>> {
    const v = validateRequest(method, arg);
    if (!v.ok) return v;
    try {
      const handler = this.handlers[method] as (a: RequestArg<M>) => Promise<RequestResults[M]>;
      return { ok: true, value: await handler(v.value) };
    } catch (e) {
      const error: LabError = e instanceof LabFailure ? { code: e.code, message: e.message } : { code: 'EIO', message: e instanceof Error ? e.message : String(e) };
      return { ok: false, error };
    }
  }

  dispose(): Promise<void> {
    return this.runs.dispose();
  }

  private unwrap<T>(r: Result<T>): T {
    if (!r.ok) throw new LabFailure(r.error.code, r.error.message);
    return r.value;
  }

  /** The assignment as the grader reads it, and its files, or undefined when the folder is not a gradable one. */
  private async gradable(id: string): Promise<{ a: GradableAssignment; files: Record<string, string> } | undefined> {
    const files = await readAssignmentFiles(this.opts.assignmentsDir, id);
    const loaded = files && loadGradable(id, files);
    return files && loaded && loaded.ok ? { a: loaded.assignment, files } : undefined;
  }

  /**
   * Submit: the submission file, built here from the assignment on disk (never from what the page
   * says about it) and saved through the host's dialog, or returned for the page to download.
   */
  private async submit(id: string, script: string, answers: Record<string, string>, studentId: string): Promise<{ saved: boolean; name: string; text?: string }> {
    const { host } = this.opts;
    const a = (await this.gradable(id))?.a;
    if (!a) throw new LabFailure('ENOENT', `assignment "${id}" cannot be submitted (it has no checks)`);
    await this.workspace.setStudentId(studentId);
    const now = host.now?.() ?? Date.now();
    const sub = createSubmission(a, { studentId, script, answers, appVersion: host.version, createdAt: new Date(now).toISOString() });
    const name = submissionFileName(sub);
    const text = `${JSON.stringify(sub, null, 2)}\n`;
    if (!host.pickSavePath || !host.writeFile) return { saved: false, name, text };
    const file = await host.pickSavePath(name, 'submission');
    if (!file) return { saved: false, name };
    await host.writeFile(file, text);
    return { saved: true, name: path.basename(file) };
  }

  /**
   * Grade a script for assignment `id` in a worker (student: visible checks; instructor: all), under
   * the assignment's own time and memory limits, as `xfslab grade` grades it.
   */
  async grade(runId: string, id: string, script: string, answers: Record<string, string>, audience: 'student' | 'instructor'): Promise<GradeReport> {
    const g = await this.gradable(id);
    if (!g) throw new LabFailure('ENOENT', `no gradable assignment "${id}"`);
    const { a, files } = g;
    const now = this.opts.host.now?.() ?? Date.now();
    const studentId = (await this.workspace.studentId()) ?? STUDENT_ID;
    const input = { script, answers, studentId };
    const limits = gradeLimits(a, () => new GradeSession(a, input, { audience, now }), []);
    return this.unwrap(await this.runs.grade(runId, { assignmentId: id, files, ...input, audience, now }, limits));
  }

  /** Grade a submission file's text as `xfslab grade` does: rejected here, else in a worker under the assignment's limits. */
  private async gradeSubmissionText(runId: string, text: string): Promise<GradeReport> {
    if (!this.opts.instructor) throw new LabFailure('EPERM', INSTRUCTOR_ONLY);
    // Parsed and verified here to find the assignment and reject early (and for the report of a run the
    // limits stop); the worker grades the same text from its own parse.
    const p = parseSubmission(text);
    if (!p.ok) return orphanReport('(unknown)', p.studentId ?? '(unknown)', p.error);
    const { id } = p.submission.assignment;
    const g = /^[a-z0-9][a-z0-9-]{0,63}$/.test(id) ? await this.gradable(id) : undefined;
    if (!g) return orphanReport(id, p.submission.studentId, `there is no gradable assignment "${id}" in the lab's assignments folder`);
    const now = this.opts.host.now?.() ?? Date.now();
    const prepared = prepareSubmission(g.a, text, { now });
    if ('report' in prepared) return prepared.report;
    const job = { assignmentId: id, files: g.files, script: '', answers: {}, studentId: p.submission.studentId, audience: 'instructor' as const, now, submission: text };
    return this.unwrap(await this.runs.grade(runId, job, gradeLimits(g.a, () => prepared.session, prepared.warnings)));
  }

  private makeHandlers(): Handlers {
    const { host, assignmentsDir } = this.opts;
    const ws = this.workspace;
    return {
      appInfo: async () => ({ version: host.version, host: host.kind, platform: process.platform, instructor: this.opts.instructor === true }),
      listAssignments: async () => {
        const list = await listAssignments(assignmentsDir);
        return Promise.all(list.map(async ({ readme: _r, starter: _s, ...a }) => ({ ...a, status: await ws.status(`assignment:${a.id}`) })));
      },
      getAssignment: async ({ id }) => {
        const a = await loadAssignment(assignmentsDir, id);
        if (!a) throw new LabFailure('ENOENT', `no assignment "${id}"`);
        const studentId = await ws.studentId();
        const gradable = (await this.gradable(id))?.a;
        // The student's variant: parameters filled into the instructions, starter and questions.
        const view = gradable && studentView(gradable, studentId ?? STUDENT_ID);
        const shown = view ? { readme: view.readme, starter: view.starter, questions: view.questions } : { questions: [] };
        return { ...a, ...shown, studentId, status: await ws.status(`assignment:${id}`) };
      },
      loadDraft: async ({ slot }) => (await ws.loadDraft(slot)) ?? null,
      saveDraft: async ({ slot, text }) => ({ savedAt: (await ws.saveDraft(slot, text)).savedAt }),
      listRecentFiles: () => ws.recentFiles(),
      openScriptFile: async () => {
        if (!host.pickScriptFile) throw new LabFailure('ENOTSUP', 'this version opens files in the page');
        const file = await host.pickScriptFile();
        if (!file) return null;
        return ws.addFile(path.basename(file), await readScript(file), file);
      },
      importScript: ({ name, text }) => ws.addFile(name, text),
      openRecentFile: async ({ id }) => {
        const f = await ws.file(id);
        if (!f) throw new LabFailure('ENOENT', 'that file is no longer in the recent list');
        // The desktop app re-reads the original when it still exists; the copy is the fallback.
        let text = f.text;
        if (f.sourcePath && host.kind === 'desktop') text = await readScript(f.sourcePath).catch(() => f.text);
        return ws.addFile(f.name, text, f.sourcePath);
      },
      saveScriptFile: async ({ name, text }) => {
        if (!host.pickSavePath || !host.writeFile) throw new LabFailure('ENOTSUP', 'this version saves files in the page');
        const file = await host.pickSavePath(name);
        if (!file) return { saved: false, name };
        await host.writeFile(file, text);
        await ws.addFile(path.basename(file), text, file);
        return { saved: true, name: path.basename(file) };
      },
      checkScript: async ({ script }) => this.unwrap(await this.runs.check(script)),
      checkAssignment: async ({ runId, id, script, answers }) => {
        const report = await this.grade(runId, id, script, answers, 'student');
        await ws.setStatus(`assignment:${id}`, allPassed(report) ? 'passed' : 'in-progress');
        return report;
      },
      submitAssignment: ({ id, script, answers, studentId }) => this.submit(id, script, answers, studentId),
      gradeSubmission: ({ runId, text }) => this.gradeSubmissionText(runId, text),
      runScript: async ({ runId, script, seed }) => this.unwrap(await this.runs.run(runId, script, seed ?? 0)),
      cancelRun: async ({ runId }) => ({ cancelled: this.runs.cancel(runId) }),
      openExternal: async ({ url }) => {
        if (!isSafeExternalUrl(url)) throw new LabFailure('EPERM', 'only https: links open outside the lab');
        if (!host.openExternal) throw new LabFailure('ENOTSUP', 'this version opens links in the page');
        await host.openExternal(url);
        return { opened: true };
      },
    };
  }
}

/** The assignment's grading limits, and its report when they stop the run (with the submission's warnings). */
function gradeLimits(a: GradableAssignment, session: () => GradeSession, warnings: string[]): GradeLimits {
  const { timeoutMs, memoryMb } = a.limits;
  return {
    timeMs: timeoutMs,
    memoryMb,
    stopped: (kind, independent) => {
      const r = session().stopped(kind, kind === 'timeout' ? timeoutMs : memoryMb, independent);
      r.warnings.push(...warnings);
      return r;
    },
  };
}

/** Why a student's lab does not grade submission files. */
export const INSTRUCTOR_ONLY = 'grading submissions is for instructors: start the lab with `npm start -- --instructor`';

/**
 * Whose variant the app shows and grades until the student gives their id (asked at the first
 * Submit, then remembered in the workspace), so instructions, questions and Check agree.
 */
export const STUDENT_ID = 'student';

/** A Check passes when it graded and every visible check it evaluated passed (deferred ones are graded on submission). */
export function allPassed(r: GradeReport): boolean {
  return r.status === 'graded' && r.checks.every((c) => c.status === 'deferred' || c.passed) && r.checks.some((c) => c.status === 'evaluated');
}

/** The one rule for links leaving the lab: https only. */
export function isSafeExternalUrl(url: string): boolean {
  try {
    return new URL(url).protocol === 'https:';
  } catch {
    return false;
  }
}

async function readScript(file: string): Promise<string> {
  const info = await stat(file);
  if (!info.isFile()) throw new LabFailure('EINVAL', `${path.basename(file)} is not a file`);
  if (info.size > MAX_SCRIPT_BYTES) throw new LabFailure('EFBIG', `${path.basename(file)} is larger than ${MAX_SCRIPT_BYTES / 1024} KiB`);
  return readFile(file, 'utf8');
}
