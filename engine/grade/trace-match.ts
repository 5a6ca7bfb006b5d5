/**
 * Finding things in a recorded run: the steps of a command (by a regex on its source text), the
 * trace events and the iomap decisions that match a matcher. State points, trace checks and
 * trace queries all go through here, so "the 2nd xfs_io command" means the same everywhere.
 */
import type { TraceEvent } from '../xfs-trace.js';
import type { EventMatcher, IomapMatcher, StepRange, TraceMatcher } from './assignment-types.js';
import { fieldMatches, formatValue } from './compare.js';
import type { DecisionRecord, RunRecord } from './run-record.js';

/** Steps [first, last] (inclusive), or a message saying why there are none. */
export type StepSpan = { first: number; last: number } | { error: string };

/** The steps of the nth command whose source text matches `regex` (nth 1 = first, -1 = last). */
export function commandSpan(rec: RunRecord, regex: string, nth = 1): StepSpan {
  const steps = rec.result.steps;
  const re = new RegExp(regex);
  const cmds = steps.filter((s) => s.kind === 'command' && re.test(s.label));
  const pick = nth > 0 ? cmds[nth - 1] : cmds[cmds.length + nth];
  if (!pick) {
    return { error: `no command matching /${regex}/ ran${nth !== 1 ? ` (wanted the ${ordinal(nth)})` : ''}; ${cmds.length} matched` };
  }
  let last = pick.index;
  while (last + 1 < steps.length && steps[last + 1].kind !== 'command') last++;
  return { first: pick.index, last };
}

/** "2nd", "last", "3rd from the end". */
export function ordinal(n: number): string {
  if (n === -1) return 'last';
  const a = Math.abs(n);
  const suffix = a % 100 >= 11 && a % 100 <= 13 ? 'th' : (['th', 'st', 'nd', 'rd'][a % 10] ?? 'th');
  return n > 0 ? `${a}${suffix}` : `${a}${suffix} from the end`;
}

/** The step span of a range, or the whole run. */
export function rangeSpan(rec: RunRecord, range: StepRange | undefined): StepSpan {
  if (!range) return { first: 0, last: Number.MAX_SAFE_INTEGER };
  return commandSpan(rec, range.command, range.nth);
}

/** Is this matcher about iomap decisions? */
export function isIomapMatcher(m: TraceMatcher): m is IomapMatcher {
  return 'iomap' in m;
}

function eventMatches(rec: RunRecord, e: TraceEvent, m: EventMatcher): boolean {
  if (e.event !== m.event) return false;
  if (m.ctx !== undefined && e.ctx !== m.ctx) return false;
  if (m.file !== undefined) {
    const ino = e.fields.ino;
    if (ino === undefined || rec.inoPaths.get(Number(ino)) !== m.file) return false;
  }
  for (const [k, pred] of Object.entries(m.fields ?? {})) if (!fieldMatches(e.fields[k], pred)) return false;
  return true;
}

function decisionMatches(d: DecisionRecord, m: IomapMatcher): boolean {
  for (const [k, pred] of Object.entries(m.iomap)) {
    if (!fieldMatches((d as unknown as Record<string, unknown>)[k], pred)) return false;
  }
  return true;
}

/** One matched item: an event or a decision, with its position in its stream. */
export interface Matched {
  index: number;
  step: number;
  item: TraceEvent | DecisionRecord;
}

/** Everything in `span` that matches `m`, in run order. */
export function matchAll(rec: RunRecord, m: TraceMatcher, span: { first: number; last: number }): Matched[] {
  const out: Matched[] = [];
  if (isIomapMatcher(m)) {
    rec.decisions.forEach((d, index) => {
      if (d.step >= span.first && d.step <= span.last && decisionMatches(d, m)) out.push({ index, step: d.step, item: d });
    });
  } else {
    rec.result.trace.forEach((e, index) => {
      if (e.step >= span.first && e.step <= span.last && eventMatches(rec, e, m)) out.push({ index, step: e.step, item: e });
    });
  }
  return out;
}

/** A matcher as a report prints it: `xfs_iomap_alloc fork=cow fsbcount≥32` or `iomap branch=hole_alloc`. */
export function describeMatcher(m: TraceMatcher): string {
  const preds = (fields: Record<string, unknown>) =>
    Object.entries(fields).map(([k, p]) => {
      if (typeof p !== 'object' || p === null) return `${k}=${String(p)}`;
      const [op, v] = Object.entries(p)[0] ?? ['', ''];
      const sym: Record<string, string> = { eq: '=', ne: '≠', lt: '<', le: '≤', gt: '>', ge: '≥', oneOf: ' in ', matches: '~' };
      return `${k}${sym[op] ?? op}${formatValue(v)}`;
    });
  if (isIomapMatcher(m)) return ['iomap_begin', ...preds(m.iomap)].join(' ');
  const parts = [m.event];
  if (m.file) parts.push(`file=${m.file}`);
  if (m.ctx) parts.push(`ctx=${m.ctx}`);
  return [...parts, ...preds(m.fields ?? {})].join(' ');
}

/** A decision as a report line: `write pos 0x10000 count 0x1000 → hole_alloc (delalloc 0x10000+0x20000)`. */
export function formatDecision(d: DecisionRecord): string {
  const h = (n: number) => `0x${n.toString(16)}`;
  return `${d.file}: ${d.op} pos ${h(d.pos)} count ${h(d.count)} → ${d.branch} (${d.type} ${h(d.offset)}+${h(d.length)}${d.shared ? ' shared' : ''}${d.preallocBlocks ? `, prealloc ${d.preallocBlocks} blocks` : ''})`;
}
