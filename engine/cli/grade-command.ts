/**
 * `xfslab grade SUBMISSION... --assignments DIR`: the instructor's batch grading. Submission files
 * are read and checked here (format, hash, assignment); each valid one is re-run in a worker
 * (grade-pool.ts); the reports are written as a table, JSON, Gradescope results.json, JUnit XML or
 * a CSV gradebook. Results are written once, at the end, atomically: an interrupted run leaves
 * the previous output file as it was.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { cpus } from 'node:os';
import { join, resolve } from 'node:path';
import type { Assignment } from '../grade/assignment-types.js';
import type { GradeReport } from '../grade/report-types.js';
import { MAIN_SCRIPT, orphanReport, parseSubmission, rejectedReport, verifySubmission } from '../grade/submission.js';
import { toCsv } from '../grade/export/csv.js';
import { toGradescope } from '../grade/export/gradescope.js';
import { toJunit } from '../grade/export/junit.js';
import { summaryTable } from '../grade/export/summary.js';
import { intOpt, opt, parseArgs } from './args.js';
import { usage, type CliIo } from './cli-io.js';
import { GradePool } from './grade-pool.js';
import { progressBar } from './progress.js';
import { formatLoadErrors, loadAssignmentDir } from './read-assignment.js';
import { writeFileAtomic } from './write-output.js';

const FORMATS = ['table', 'json', 'gradescope', 'junit', 'csv'] as const;
type Format = (typeof FORMATS)[number];
const ID = /^[a-z0-9][a-z0-9-]{0,63}$/;

/** Submission files named on the command line: files as given, folders searched for *.xfslab.json. */
export function collectSubmissions(paths: string[]): { files: string[]; missing: string[] } {
  const files: string[] = [];
  const missing: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (name.endsWith('.xfslab.json')) files.push(p);
    }
  };
  for (const p of paths) {
    if (!existsSync(p)) missing.push(p);
    else if (statSync(p).isDirectory()) walk(p);
    else files.push(p);
  }
  return { files, missing };
}

/** Render reports in a format. */
export function renderReports(format: Format, reports: { file: string; report: GradeReport }[]): string {
  switch (format) {
    case 'json':
      return JSON.stringify(reports, null, 2) + '\n';
    case 'gradescope':
      return JSON.stringify(toGradescope(reports[0].report), null, 2) + '\n';
    case 'junit':
      return toJunit(reports);
    case 'csv':
      return toCsv(reports);
    default:
      return summaryTable(reports);
  }
}

/** Run `grade`. */
export async function gradeCommand(argv: string[], io: CliIo): Promise<number> {
  const args = parseArgs(argv, ['assignments', 'format', 'out', 'jobs', 'timeout']);
  if (typeof args === 'string') return usage(io, args);
  const root = opt(args, 'assignments');
  if (!root) return usage(io, 'grade needs --assignments DIR (the folder holding the assignment folders)');
  const format = (opt(args, 'format') ?? 'table') as Format;
  if (!FORMATS.includes(format)) return usage(io, `--format must be one of ${FORMATS.join(', ')}, not '${format}'`);
  const jobs = intOpt(args, 'jobs', Math.max(1, cpus().length));
  const timeout = intOpt(args, 'timeout', undefined);
  if (typeof jobs === 'string') return usage(io, jobs);
  if (typeof timeout === 'string') return usage(io, timeout);
  if (!args.positional.length) return usage(io, 'grade needs at least one submission file or folder');
  const { files, missing } = collectSubmissions(args.positional);
  if (missing.length) {
    io.err(`xfslab: no such file or folder: ${missing.join(', ')}\n`);
    return 1;
  }
  if (format === 'gradescope' && files.length !== 1) {
    return usage(io, `--format gradescope describes one submission (Gradescope runs the autograder once per student); got ${files.length}`);
  }
  const assignments = new Map<string, { dir: string; assignment: Assignment }>();
  const loadFailed = new Set<string>();
  const assignmentFor = (id: string): { dir: string; assignment: Assignment } | string => {
    const hit = assignments.get(id);
    if (hit) return hit;
    const dir = resolve(root, id);
    if (!ID.test(id) || !existsSync(join(dir, 'assignment.json'))) return `there is no assignment "${id}" in ${root}`;
    const r = loadAssignmentDir(dir);
    if (!r.ok || r.assignment.solution === undefined) {
      // Without solution/ the hidden checks that compare with the reference could not be graded.
      if (!loadFailed.has(id)) io.err(r.ok ? `${dir}: solution/solution.sh is missing: grade with the instructor's copy of the assignment\n` : formatLoadErrors(dir, r));
      loadFailed.add(id);
      return `the assignment "${id}" does not load (see the errors above)`;
    }
    const entry = { dir, assignment: r.assignment };
    assignments.set(id, entry);
    return entry;
  };

  const pool = new GradePool(Math.min(jobs ?? 1, Math.max(1, files.length)));
  const progress = progressBar(io, files.length);
  const reports = await Promise.all(files.map(async (file): Promise<{ file: string; report: GradeReport }> => {
    const report = await gradeFile(file, assignmentFor, pool, timeout);
    progress.tick(`${report.studentId} ${report.assignment.id}`);
    return { file, report };
  }));
  progress.done();
  await pool.close();
  if (loadFailed.size) {
    io.err(`xfslab: ${loadFailed.size} assignment${loadFailed.size === 1 ? '' : 's'} did not load; fix ${[...loadFailed].join(', ')} and grade again (nothing was written)\n`);
    return 1;
  }
  const text = renderReports(format, reports);
  const out = opt(args, 'out');
  if (out) {
    try {
      writeFileAtomic(out, text);
    } catch (e) {
      io.err(`xfslab: cannot write ${out}: ${(e as Error).message}\n`);
      return 1;
    }
  }
  if (!out) io.out(text);
  if (format !== 'table') (out ? io.out : io.err)(summaryTable(reports));
  return 0;
}

async function gradeFile(
  file: string,
  assignmentFor: (id: string) => { dir: string; assignment: Assignment } | string,
  pool: GradePool,
  timeout: number | undefined,
): Promise<GradeReport> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    return orphanReport('?', '?', `cannot read ${file}: ${(e as Error).message}`);
  }
  const p = parseSubmission(text);
  if (!p.ok) return orphanReport('?', p.studentId ?? '?', p.error);
  const s = p.submission;
  const found = assignmentFor(s.assignment.id);
  if (typeof found === 'string') return orphanReport(s.assignment.id, s.studentId, found);
  const v = verifySubmission(found.assignment, s);
  if (v.reject) return rejectedReport(found.assignment, s.studentId, v.reject);
  const { limits } = found.assignment;
  const report = await pool.grade({
    assignment: found.assignment, dir: found.dir,
    input: { script: s.scripts[MAIN_SCRIPT], answers: s.answers, studentId: s.studentId },
    timeoutMs: timeout ?? limits.timeoutMs, memoryMb: limits.memoryMb,
  });
  report.warnings.push(...v.warnings);
  return report;
}
