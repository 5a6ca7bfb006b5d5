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
