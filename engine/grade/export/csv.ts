/**
 * The gradebook as CSV (RFC 4180), one row per submission: who, which assignment, the status, the
 * score (empty when not graded, so a spreadsheet does not count it as 0) and the points of each
 * check. With several assignments the check columns are named `assignment/check`.
 */
import type { GradeReport } from '../report-types.js';

/** One CSV field, quoted when it must be. */
export function csvField(v: string | number | null): string {
  const s = v === null ? '' : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** The gradebook for reports (each with the submission file it came from). */
export function toCsv(reports: { file: string; report: GradeReport }[]): string {
  // Rows of unreadable files have no checks and do not make the gradebook "mixed".
  const mixed = new Set(reports.filter((r) => r.report.checks.length).map((r) => r.report.assignment.id)).size > 1;
  const col = (r: GradeReport, id: string) => (mixed ? `${r.assignment.id}/${id}` : id);
  const columns: string[] = [];
  for (const { report: r } of reports) for (const c of r.checks) if (!columns.includes(col(r, c.id))) columns.push(col(r, c.id));
  const rows = [['student_id', 'assignment', 'version', 'status', 'score', 'max_score', ...columns, 'message', 'file']];
  for (const { file, report: r } of reports) {
    const earned = new Map(r.checks.map((c) => [col(r, c.id), r.score === null ? '' : String(c.earned)]));
    rows.push([r.studentId, r.assignment.id, r.assignment.version, r.status, r.score === null ? '' : String(r.score), String(r.maxScore), ...columns.map((k) => earned.get(k) ?? ''), [r.message, ...r.warnings].filter(Boolean).join('; '), file]);
  }
  return rows.map((row) => row.map(csvField).join(',')).join('\r\n') + '\r\n';
}
