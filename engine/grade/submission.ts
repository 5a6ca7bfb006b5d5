/**
 * The submission file a student exports from the app ("Submit") and the instructor grades:
 * the assignment id, version and content hash, the student id and variant seed, the script and
 * the answers, the app version, and a SHA-256 over all of it. The hash detects a file edited
 * after export (by hand, or damaged on the way): such a file is rejected, not graded. It is an
 * integrity check, not a signature — anyone can recompute it — and the grader never trusts what
 * a student could change: it re-runs the script and re-derives the seed from the student id.
 */
import type { Assignment } from './assignment-types.js';
import { GradeSession, type GradeOptions } from './grader.js';
import type { GradeReport } from './report-types.js';
import { describe, isObject } from './schema-reader.js';
import { sha256Hex } from './sha256.js';
import { normalizeStudentId, variantSeed } from './variants.js';

export const SUBMISSION_FORMAT = 'xfslab-submission';
export const SUBMISSION_VERSION = 1;
/** The script a submission is graded on. */
export const MAIN_SCRIPT = 'main.sh';
/** Longest script accepted (the app's editor limit). */
export const MAX_SUBMISSION_SCRIPT = 256 * 1024;

/** A submission file's contents. */
export interface Submission {
  format: typeof SUBMISSION_FORMAT;
  formatVersion: number;
  assignment: { id: string; version: string; contentHash: string };
  studentId: string;
  seed: number;
  scripts: Record<string, string>;
  answers: Record<string, string>;
  app: { version: string };
  /** When it was exported (ISO 8601, from the app's clock; informative only). */
  createdAt?: string;
  /** sha256 of the canonical JSON of every other field. */
  hash: string;
}

/** JSON with keys sorted at every level and no spaces: the same bytes for the same content. */
export function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (isObject(v)) {
    return `{${Object.keys(v).filter((k) => v[k] !== undefined).sort().map((k) => `${JSON.stringify(k)}:${canonicalJson(v[k])}`).join(',')}}`;
  }
  return JSON.stringify(v);
}

/** The hash a submission should carry. */
export function submissionHash(s: Omit<Submission, 'hash'> & { hash?: string }): string {
  const { hash: _hash, ...rest } = s;
  return `sha256:${sha256Hex(canonicalJson(rest))}`;
}

/** What the app passes to build a submission. */
export interface SubmissionInput {
  studentId: string;
  script: string;
  answers: Record<string, string>;
  appVersion: string;
  createdAt?: string;
}

/** Build the submission for an assignment (the app's Submit). */
export function createSubmission(a: Assignment, input: SubmissionInput): Submission {
  const s: Omit<Submission, 'hash'> = {
    format: SUBMISSION_FORMAT, formatVersion: SUBMISSION_VERSION,
    assignment: { id: a.id, version: a.version, contentHash: a.contentHash },
    studentId: input.studentId.trim(), seed: variantSeed(a.id, input.studentId),
    scripts: { [MAIN_SCRIPT]: input.script }, answers: { ...input.answers }, app: { version: input.appVersion },
    ...(input.createdAt ? { createdAt: input.createdAt } : {}),
  };
  return { ...s, hash: submissionHash(s) };
}

/** The file name for a submission: `<assignment>--<student>.xfslab.json`. */
export function submissionFileName(s: Pick<Submission, 'assignment' | 'studentId'>): string {
  return `${s.assignment.id}--${normalizeStudentId(s.studentId).replace(/[^a-z0-9._-]+/g, '_')}.xfslab.json`;
}

/** 1 to max characters, none of them a control character (ids end up in CSV cells and file names). */
function printable(s: string, max: number): boolean {
  return s.length >= 1 && s.length <= max && [...s].every((ch) => ch.charCodeAt(0) >= 0x20 && ch !== '\u007f');
}

/** Parse a submission file; every problem is a sentence for the instructor's report. */
export function parseSubmission(text: string): { ok: true; submission: Submission } | { ok: false; error: string; studentId?: string } {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (e) {
    return { ok: false, error: `not a submission file: not valid JSON (${(e as Error).message})` };
  }
  if (!isObject(v) || v.format !== SUBMISSION_FORMAT) return { ok: false, error: `not a submission file: "format" is ${describe(isObject(v) ? v.format : v)}, expected "${SUBMISSION_FORMAT}"` };
  const studentId = typeof v.studentId === 'string' ? v.studentId : undefined;
  const bad = (error: string) => ({ ok: false as const, error, ...(studentId ? { studentId } : {}) });
  if (v.formatVersion !== SUBMISSION_VERSION) return bad(`submission format version ${describe(v.formatVersion)} is not supported (expected ${SUBMISSION_VERSION}); export it again from this version of the app`);
  const a = v.assignment;
  if (!isObject(a) || typeof a.id !== 'string' || typeof a.version !== 'string' || typeof a.contentHash !== 'string') return bad('"assignment" must have id, version and contentHash');
  if (!studentId || !printable(studentId.trim(), 64)) return bad(`"studentId" must be 1 to 64 printable characters, got ${describe(v.studentId)}`);
  if (typeof v.seed !== 'number' || !Number.isInteger(v.seed)) return bad(`"seed" must be an integer, got ${describe(v.seed)}`);
  const scripts = v.scripts;
  if (!isObject(scripts) || typeof scripts[MAIN_SCRIPT] !== 'string') return bad(`"scripts" must hold "${MAIN_SCRIPT}"`);
  if (Object.values(scripts).some((t) => typeof t !== 'string' || t.length > MAX_SUBMISSION_SCRIPT)) return bad(`every script must be text of at most ${MAX_SUBMISSION_SCRIPT} characters`);
  const answers = v.answers;
  if (!isObject(answers) || Object.values(answers).some((x) => typeof x !== 'string' || x.length > 4096) || Object.keys(answers).length > 200) {
    return bad('"answers" must map check ids to text answers (at most 200, 4096 characters each)');
  }
  if (!isObject(v.app) || typeof v.app.version !== 'string') return bad('"app" must have a version');
  if (typeof v.hash !== 'string') return bad('"hash" is missing');
  return { ok: true, submission: v as unknown as Submission };
}

/** Why a parsed submission cannot be graded for `a` (hash, assignment), and warnings that do not stop grading. */
export function verifySubmission(a: Assignment, s: Submission): { reject?: string; warnings: string[] } {
  if (submissionHash(s) !== s.hash) return { reject: 'the submission file was changed after it was exported (its hash does not match its contents)', warnings: [] };
  if (s.assignment.id !== a.id) return { reject: `the submission is for assignment "${s.assignment.id}", not "${a.id}"`, warnings: [] };
  const warnings: string[] = [];
  if (s.assignment.version !== a.version) warnings.push(`the student worked on version ${s.assignment.version}; graded with version ${a.version}`);
  else if (s.assignment.contentHash !== a.contentHash) warnings.push('the student\'s copy of the assignment differs from the grader\'s (content hash); graded with the grader\'s');
  const seed = variantSeed(a.id, s.studentId);
  if (s.seed !== seed) warnings.push(`the submission's seed ${s.seed} is not the student's (${seed}); graded with the student's`);
  return { warnings };
}

/** A report for a submission that is not graded at all (unreadable or rejected). */
export function rejectedReport(a: Assignment, studentId: string, message: string): GradeReport {
  const session = new GradeSession(a, { script: '', answers: {}, studentId }, { audience: 'instructor' });
  return session.finish('rejected', message, []);
}

/** A rejected report when no assignment is known for the file (unreadable, or an unknown id). */
export function orphanReport(assignmentId: string, studentId: string, message: string): GradeReport {
  return {
    assignment: { id: assignmentId, version: '', contentHash: '' }, studentId, seed: 0, variant: {},
    status: 'rejected', message, score: null, maxScore: 0, checks: [], warnings: [],
  };
}

/**
 * A submission file's text made ready to grade for `a`: the grading session (nothing has run yet)
 * and the warnings to add to its report, or the report that ends it here (unreadable, rejected).
 * The CLI's pool and the app's worker both start from this, so they reject and warn alike.
 */
export type PreparedSubmission = { session: GradeSession; warnings: string[] } | { report: GradeReport };

export function prepareSubmission(a: Assignment, text: string, opts: Omit<GradeOptions, 'audience'> = {}): PreparedSubmission {
  const p = parseSubmission(text);
  if (!p.ok) return { report: rejectedReport(a, p.studentId ?? '(unknown)', p.error) };
  const v = verifySubmission(a, p.submission);
  if (v.reject) return { report: rejectedReport(a, p.submission.studentId, v.reject) };
  const s = p.submission;
  const session = new GradeSession(a, { script: s.scripts[MAIN_SCRIPT], answers: s.answers, studentId: s.studentId }, { ...opts, audience: 'instructor' });
  return { session, warnings: v.warnings };
}

/** Grade a submission file's text for an assignment (all checks: the instructor's view). */
export function gradeSubmission(a: Assignment, text: string, opts: Omit<GradeOptions, 'audience'> = {}): GradeReport {
  const p = prepareSubmission(a, text, opts);
  if ('report' in p) return p.report;
  const report = p.session.complete();
  report.warnings.push(...p.warnings);
  return report;
}
