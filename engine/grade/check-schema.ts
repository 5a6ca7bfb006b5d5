/**
 * Validation of one check of assignment.json (or solution/checks.json): the fields every check has,
 * then those of its kind. docs/assignments.md, "Checks", describes each kind.
 */
import type {
  AnswerCheck, AnswerType, Check, CheckBase, OutputCheck, ScriptCheck, ScriptRule, StateCheck, TraceCheck, TraceMatcher, Visibility,
} from './assignment-types.js';
import { readAssertion, readMatcher, readPoint, readQuery, readRange } from './query-schema.js';
import { describe, join, type SchemaReader } from './schema-reader.js';

export const CHECK_KINDS = ['output', 'state', 'trace', 'answer', 'script'] as const;
export const VISIBILITIES: readonly Visibility[] = ['visible', 'hidden', 'after-due'];
export const ANSWER_TYPES: readonly AnswerType[] = ['number', 'text', 'branch', 'extents', 'choice'];

/** A check id: lowercase words with dashes, used in reports, JUnit names and submissions' answers. */
export const CHECK_ID = /^[a-z0-9][a-z0-9-]{0,63}$/;

const BASE_KEYS = ['id', 'kind', 'points', 'visibility', 'title', 'hint', 'partial'];
const KIND_KEYS: Record<Check['kind'], string[]> = {
  output: ['match', 'contains', 'notContains', 'ignore', 'replace'],
  state: ['at', 'expect'],
  trace: ['within', 'sequence', 'absent'],
  answer: ['question', 'answerType', 'choices', 'value', 'on', 'expected', 'tolerance'],
  script: ['rules'],
};

/** Read one check; undefined (with errors recorded) if it is not valid. */
export function readCheck(r: SchemaReader, v: unknown, field: string): Check | undefined {
  const o = r.object(v, field);
  if (!o) return undefined;
  const kind = r.oneOf(o.kind, join(field, 'kind'), CHECK_KINDS);
  if (!kind) return undefined;
  r.onlyKeys(o, field, [...BASE_KEYS, ...KIND_KEYS[kind]]);
  const before = r.errors.length;
  const base: Partial<CheckBase> = {
    id: r.string(o.id, join(field, 'id'), { pattern: CHECK_ID, what: 'an id of lowercase letters, digits and dashes' }),
    points: r.int(o.points, join(field, 'points'), { min: 0, max: 1000 }),
    visibility: r.oneOf(o.visibility, join(field, 'visibility'), VISIBILITIES),
    title: r.localized(o.title, join(field, 'title')),
  };
  const hint = r.localized(o.hint, join(field, 'hint'), true);
  if (hint) base.hint = hint;
  if (o.partial !== undefined) {
    if (typeof o.partial !== 'boolean') r.fail(join(field, 'partial'), `expected true or false, got ${describe(o.partial)}`);
    else if (kind === 'output' || kind === 'answer') r.fail(join(field, 'partial'), `partial credit applies to state, trace and script checks, not ${kind}`);
    else base.partial = o.partial;
  }
  const check = readKind(r, kind, o, field, base as CheckBase);
  return r.errors.length === before ? check : undefined;
}

function readKind(r: SchemaReader, kind: Check['kind'], o: Record<string, unknown>, field: string, base: CheckBase): Check | undefined {
  switch (kind) {
    case 'output':
      return readOutput(r, o, field, base);
    case 'state': {
      const at = readPoint(r, o.at, join(field, 'at'));
      const list = r.list(o.expect, join(field, 'expect'));
      if (list && list.length === 0) r.fail(join(field, 'expect'), 'expected at least one assertion');
      const expect = (list ?? []).map((a, i) => readAssertion(r, a, join(join(field, 'expect'), i)));
      const c: StateCheck = { ...base, kind, expect: expect.filter((a) => a !== undefined) };
      if (at) c.at = at;
      return c;
    }
    case 'trace':
      return readTrace(r, o, field, base);
    case 'answer':
      return readAnswer(r, o, field, base);
    case 'script':
      return readScript(r, o, field, base);
  }
}

function readOutput(r: SchemaReader, o: Record<string, unknown>, field: string, base: CheckBase): OutputCheck {
  const c: OutputCheck = { ...base, kind: 'output' };
  if (o.match !== undefined && r.oneOf(o.match, join(field, 'match'), ['reference'] as const)) c.match = 'reference';
  for (const k of ['contains', 'notContains', 'ignore'] as const) {
    const list = r.list(o[k], join(field, k), true);
    if (list) c[k] = list.map((x, i) => r.regex(x, join(join(field, k), i)) ?? '');
  }
  const rep = r.list(o.replace, join(field, 'replace'), true);
  if (rep) {
    c.replace = rep.map((x, i) => {
      const f = join(join(field, 'replace'), i);
      const e = r.object(x, f) ?? {};
      r.onlyKeys(e, f, ['pattern', 'with']);
      return { pattern: r.regex(e.pattern, join(f, 'pattern')) ?? '', with: r.string(e.with, join(f, 'with'), { allowEmpty: true }) ?? '' };
    });
  }
  if (!c.match && !c.contains && !c.notContains) r.fail(field, 'an output check needs "match": "reference", "contains" or "notContains"');
  return c;
}

function readMatchers(r: SchemaReader, v: unknown, field: string): TraceMatcher[] | undefined {
  const list = r.list(v, field, true);
  if (!list) return undefined;
  if (list.length === 0) r.fail(field, 'expected at least one matcher');
  return list.map((x, i) => readMatcher(r, x, join(field, i))).filter((m) => m !== undefined);
}

function readTrace(r: SchemaReader, o: Record<string, unknown>, field: string, base: CheckBase): TraceCheck {
  const c: TraceCheck = { ...base, kind: 'trace' };
  const within = readRange(r, o.within, join(field, 'within'));
  if (within) c.within = within;
  const sequence = readMatchers(r, o.sequence, join(field, 'sequence'));
  if (sequence) {
    c.sequence = sequence;
    // Trace events and iomap decisions are two streams: their relative order inside one step is not defined.
    const kinds = new Set(sequence.map((m) => ('iomap' in m ? 'iomap' : 'event')));
    if (kinds.size > 1) r.fail(join(field, 'sequence'), 'a sequence mixes trace events and iomap decisions; put each in its own check');
  }
  const absent = readMatchers(r, o.absent, join(field, 'absent'));
  if (absent) c.absent = absent;
  if (!sequence && !absent) r.fail(field, 'a trace check needs "sequence" or "absent"');
  return c;
}

function readAnswer(r: SchemaReader, o: Record<string, unknown>, field: string, base: CheckBase): AnswerCheck {
  const question = r.localized(o.question, join(field, 'question'));
  const answerType = r.oneOf(o.answerType, join(field, 'answerType'), ANSWER_TYPES) ?? 'text';
  const c: AnswerCheck = { ...base, kind: 'answer', question: question ?? { en: '', 'zh-CN': '' }, answerType };
  const choices = r.list(o.choices, join(field, 'choices'), true);
  if (choices) c.choices = choices.map((x, i) => r.string(x, join(join(field, 'choices'), i)) ?? '');
  if (answerType === 'choice' && !choices) r.fail(join(field, 'choices'), 'a "choice" answer needs the list of choices');
  if ((o.value === undefined) === (o.expected === undefined)) {
    r.fail(field, 'an answer check needs exactly one of "value" (a query the engine computes) or "expected" (a literal)');
  }
  if (o.value !== undefined) {
    const q = readQuery(r, o.value, join(field, 'value'));
    if (q) c.value = q;
  }
  if (o.expected !== undefined) {
    if (typeof o.expected !== 'string' && typeof o.expected !== 'number') r.fail(join(field, 'expected'), `expected a string or a number, got ${describe(o.expected)}`);
    else c.expected = o.expected;
  }
  const on = r.oneOf(o.on, join(field, 'on'), ['starter', 'reference', 'student'] as const, o.value === undefined);
  if (on && o.value === undefined) r.fail(join(field, 'on'), '"on" goes with "value" (the run the engine computes the answer on)');
  else if (on) c.on = on;
  const tol = r.number(o.tolerance, join(field, 'tolerance'), true);
  if (tol !== undefined) {
    if (answerType !== 'number' || tol < 0) r.fail(join(field, 'tolerance'), 'a tolerance (≥ 0) applies to "number" answers only');
    else c.tolerance = tol;
  }
  return c;
}

function readScript(r: SchemaReader, o: Record<string, unknown>, field: string, base: CheckBase): ScriptCheck {
  const list = r.list(o.rules, join(field, 'rules')) ?? [];
  if (list.length === 0) r.fail(join(field, 'rules'), 'expected at least one rule');
  const rules = list.map((x, i): ScriptRule => {
    const f = join(join(field, 'rules'), i);
    const e = r.object(x, f) ?? {};
    r.onlyKeys(e, f, ['command', 'args', 'min', 'max', 'maxCommands']);
    const rule: ScriptRule = {};
    const command = r.string(e.command, join(f, 'command'), { optional: true, pattern: /^[A-Za-z0-9_.+-]+$/, what: 'a command name such as "xfs_io"' });
    if (command !== undefined) rule.command = command;
    const args = r.regex(e.args, join(f, 'args'), true);
    if (args !== undefined) rule.args = args;
    const min = r.int(e.min, join(f, 'min'), { optional: true, min: 0 });
    if (min !== undefined) rule.min = min;
    const max = r.int(e.max, join(f, 'max'), { optional: true, min: 0 });
    if (max !== undefined) rule.max = max;
    const maxCommands = r.int(e.maxCommands, join(f, 'maxCommands'), { optional: true, min: 1 });
    if (maxCommands !== undefined) rule.maxCommands = maxCommands;
    const usesRule = command !== undefined || args !== undefined;
    if (usesRule === (maxCommands !== undefined)) r.fail(f, 'a rule is either {"command", "args", "min", "max"} or {"maxCommands"}');
    if (usesRule && min === undefined && max === undefined) r.fail(f, 'a command rule needs "min" (at least) or "max" (at most)');
    return rule;
  });
  return { ...base, kind: 'script', rules };
}
