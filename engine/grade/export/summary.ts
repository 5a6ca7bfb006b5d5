/**
 * The summary table the grading CLI prints: one line per submission, then the count per status
 * and the mean score of the graded ones.
 */
import type { GradeReport } from '../report-types.js';

const pad = (s: string, n: number): string => (s.length >= n ? s : s + ' '.repeat(n - s.length));

/** A plain-text table of reports. */
export function summaryTable(reports: { file: string; report: GradeReport }[]): string {
  const rows = reports.map(({ file, report: r }) => [
    r.studentId, r.assignment.id, r.status, r.score === null ? '—' : `${r.score}/${r.maxScore}`,
    r.message ?? (r.warnings.length ? `note: ${r.warnings[0]}` : ''), file,
  ]);
  const head = ['student', 'assignment', 'status', 'score', 'message', 'file'];
  const widths = head.map((h, i) => Math.min(40, Math.max(h.length, ...rows.map((r) => r[i].length))));
  const line = (r: string[]) => r.map((c, i) => (i === r.length - 1 ? c : pad(c.length > 40 ? `${c.slice(0, 39)}…` : c, widths[i]))).join('  ').trimEnd();
  const out = [line(head), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)];
  const counts = new Map<string, number>();
  for (const { report } of reports) counts.set(report.status, (counts.get(report.status) ?? 0) + 1);
  const scored = reports.filter((r) => r.report.score !== null);
  const mean = scored.length ? scored.reduce((s, r) => s + r.report.score! / (r.report.maxScore || 1), 0) / scored.length : 0;
  out.push('', `${reports.length} submission${reports.length === 1 ? '' : 's'}: ${[...counts].map(([s, n]) => `${n} ${s}`).join(', ')}${scored.length ? `; mean score ${(mean * 100).toFixed(1)}%` : ''}`);
  return out.join('\n') + '\n';
}
