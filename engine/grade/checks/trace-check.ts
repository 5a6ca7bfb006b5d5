/**
 * `trace` checks: trace events (or iomap_begin decisions) that must occur in the given order —
 * not necessarily adjacent — and ones that must not occur at all, within the whole run or the
 * steps of one command. A failed check shows the events around where the sequence stopped.
 */
import { formatTraceEvent } from '../../run/trace-format.js';
import type { TraceEvent } from '../../xfs-trace.js';
import type { TraceCheck, TraceMatcher } from '../assignment-types.js';
import type { CheckItem } from '../report-types.js';
import type { DecisionRecord, RunRecord } from '../run-record.js';
import { describeMatcher, formatDecision, isIomapMatcher, matchAll, rangeSpan } from '../trace-match.js';
import type { CheckContext, Evaluation } from './check-context.js';

const EXCERPT_LINES = 12;

/** Lines [start, start+n) of the stream a matcher reads, formatted as the report shows them. */
function lines(rec: RunRecord, m: TraceMatcher, start: number, n: number): string[] {
  if (isIomapMatcher(m)) return rec.decisions.slice(start, start + n).map((d: DecisionRecord) => formatDecision(d));
  return rec.result.trace.slice(start, start + n).map((e: TraceEvent) => formatTraceEvent(e));
}

/** Evaluate a trace check. */
export function evaluateTrace(check: TraceCheck, ctx: CheckContext): Evaluation {
  const rec = ctx.student();
  const span = rangeSpan(rec, check.within);
  if ('error' in span) {
    const items = [...(check.sequence ?? []), ...(check.absent ?? [])].map((m) => ({ label: describeMatcher(m), passed: false, actual: span.error }));
    return { items };
  }
  const items: CheckItem[] = [];
  let excerpt: string[] | undefined;
  if (check.sequence?.length) {
    // Greedy subsequence: each matcher takes the first match after the previous one's.
    let after = -1;
    let broken = false;
    for (const m of check.sequence) {
      const label = `${items.length === 0 ? '' : 'then '}${describeMatcher(m)}`;
      if (broken) {
        items.push({ label, passed: false, actual: 'not reached' });
        continue;
      }
      const hit = matchAll(rec, m, span).find((h) => h.index > after);
      if (hit) {
        items.push({ label, passed: true, actual: lines(rec, m, hit.index, 1)[0].trim() });
        after = hit.index;
      } else {
        broken = true;
        const any = matchAll(rec, m, span).length;
        items.push({ label, passed: false, actual: any ? `${any} occurred, none after the previous event of the sequence` : 'did not occur' });
        excerpt = lines(rec, m, after + 1, EXCERPT_LINES);
        if (!excerpt.length) excerpt = [after < 0 ? '(no events in the range)' : '(no events after the previous match)'];
      }
    }
  }
  for (const m of check.absent ?? []) {
    const hits = matchAll(rec, m, span);
    items.push({ label: `no ${describeMatcher(m)}`, passed: hits.length === 0, actual: hits.length ? `${hits.length} occurred` : 'none' });
    if (hits.length && !excerpt) {
      excerpt = hits.slice(0, EXCERPT_LINES).map((h) => lines(rec, m, h.index, 1)[0]);
    }
  }
  return { items, excerpt };
}
