// The engine's own grading of a script (the golden answer the app's Check and Grade are compared
// with), computed outside the app: runs engine/index.ts under tsx in a child process, as
// engine-final.ts does.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { GradeReport } from '../../engine/index';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const ENGINE = pathToFileURL(path.join(ROOT, 'engine', 'index.ts')).href;
const READER = pathToFileURL(path.join(ROOT, 'engine', 'cli', 'read-assignment.ts')).href;

export interface EngineGradeRequest {
  dir: string;
  studentId: string;
  audience: 'student' | 'instructor';
  /** The script; null grades the reference solution with the student's parameters. */
  script: string | null;
  /** The answers; null fills in the expected ones. */
  answers: Record<string, string> | null;
}

export interface EngineGrade {
  script: string;
  answers: Record<string, string>;
  report: GradeReport;
}

export function engineGrade(req: EngineGradeRequest): EngineGrade {
  const code = `import { GradeSession, substituteText } from ${JSON.stringify(ENGINE)};
import { loadAssignmentDir } from ${JSON.stringify(READER)};
let s = ''; process.stdin.on('data', (d) => (s += d)); process.stdin.on('end', () => {
  const q = JSON.parse(s);
  const l = loadAssignmentDir(q.dir);
  if (!l.ok) throw new Error('the assignment does not load');
  const a = l.assignment;
  const probe = new GradeSession(a, { script: '', answers: {}, studentId: q.studentId }, { audience: q.audience });
  const script = q.script ?? substituteText(a.solution, probe.variant);
  const answers = q.answers ?? probe.expectedAnswers();
  const report = new GradeSession(a, { script, answers, studentId: q.studentId }, { audience: q.audience }).complete();
  process.stdout.write(JSON.stringify({ script, answers, report }));
});`;
  const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], { input: JSON.stringify(req), encoding: 'utf8', cwd: ROOT });
  return JSON.parse(out) as EngineGrade;
}

/** The engine's verdict on a submission file's text for a shipped-format assignment in e2e/fixtures. */
export function engineVerify(id: string, text: string): { ok: boolean; seed?: number; warnings?: string[]; error?: string } {
  const dir = path.join(ROOT, 'e2e', 'fixtures', 'assignments', id);
  const code = `import { parseSubmission, verifySubmission, variantSeed } from ${JSON.stringify(ENGINE)};
import { loadAssignmentDir } from ${JSON.stringify(READER)};
let s = ''; process.stdin.on('data', (d) => (s += d)); process.stdin.on('end', () => {
  const l = loadAssignmentDir(${JSON.stringify(dir)});
  const p = parseSubmission(s);
  if (!p.ok) { process.stdout.write(JSON.stringify({ ok: false, error: p.error })); return; }
  const v = verifySubmission(l.assignment, p.submission);
  process.stdout.write(JSON.stringify(v.reject ? { ok: false, error: v.reject } : { ok: true, seed: variantSeed(l.assignment.id, p.submission.studentId), warnings: v.warnings }));
});`;
  const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], { input: text, encoding: 'utf8', cwd: ROOT });
  return JSON.parse(out) as { ok: boolean; seed?: number; warnings?: string[]; error?: string };
}

/** A submission file's text made by the engine (script null: the solution; answers null: the expected ones). */
export function engineSubmission(id: string, studentId: string, script: string | null, answers: Record<string, string> | null): string {
  const dir = path.join(ROOT, 'e2e', 'fixtures', 'assignments', id);
  const code = `import { GradeSession, createSubmission, substituteText } from ${JSON.stringify(ENGINE)};
import { loadAssignmentDir } from ${JSON.stringify(READER)};
let s = ''; process.stdin.on('data', (d) => (s += d)); process.stdin.on('end', () => {
  const q = JSON.parse(s);
  const a = loadAssignmentDir(${JSON.stringify(dir)}).assignment;
  const probe = new GradeSession(a, { script: '', answers: {}, studentId: q.studentId }, { audience: 'instructor' });
  const sub = createSubmission(a, { studentId: q.studentId, script: q.script ?? substituteText(a.solution, probe.variant), answers: q.answers ?? probe.expectedAnswers(), appVersion: 'test' });
  process.stdout.write(JSON.stringify(sub, null, 2));
});`;
  return execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], { input: JSON.stringify({ studentId, script, answers }), encoding: 'utf8', cwd: ROOT });
}

/** The engine API's reports (gradeSubmission) on submission files, each against its assignment in `assignmentsDir`. */
export function engineGradeFiles(files: string[], assignmentsDir: string): { file: string; report: GradeReport }[] {
  const code = `import { gradeSubmission, parseSubmission } from ${JSON.stringify(ENGINE)};
import { loadAssignmentDir } from ${JSON.stringify(READER)};
import { readFileSync } from 'node:fs';
import path from 'node:path';
let s = ''; process.stdin.on('data', (d) => (s += d)); process.stdin.on('end', () => {
  const q = JSON.parse(s);
  const out = q.files.map((file) => {
    const text = readFileSync(file, 'utf8');
    const p = parseSubmission(text);
    const l = loadAssignmentDir(path.join(q.dir, p.ok ? p.submission.assignment.id : JSON.parse(text).assignment.id));
    if (!l.ok) throw new Error('an assignment does not load');
    return { file, report: gradeSubmission(l.assignment, text) };
  });
  process.stdout.write(JSON.stringify(out));
});`;
  const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], { input: JSON.stringify({ files, dir: assignmentsDir }), encoding: 'utf8', cwd: ROOT, maxBuffer: 256 * 1024 * 1024 });
  return JSON.parse(out) as { file: string; report: GradeReport }[];
}
