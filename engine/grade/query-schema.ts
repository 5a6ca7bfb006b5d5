/**
 * Validation of the declarative queries and assertions used by state, trace and answer checks
 * (docs/assignments.md, "Queries"). A query is recognised by its key: `file`, `space`, `event`,
 * `iomap` or `output`. Nothing here is evaluated: instructors write data, never code.
 */
import type {
  Assertion, Comparison, EventMatcher, FieldPredicates, IomapMatcher, Query, StatePoint, StepRange, TraceMatcher,
} from './assignment-types.js';
import { describe, isObject, join, type SchemaReader } from './schema-reader.js';

/** Values a file query may read. */
export const FILE_VALUES = [
  'exists', 'size', 'diskSize', 'stBlocks', 'md5', 'extents', 'extentCount', 'blocks', 'sharedBlocks', 'postEofBlocks',
] as const;
export const SPACE_VALUES = ['freeBlocks', 'fdblocks', 'delallocBlocks', 'bavail'] as const;
export const EXTENT_KINDS = ['delalloc', 'unwritten', 'written'] as const;
/** Fields of an iomap decision a matcher may test (see decisionRecord in run-record.ts). */
export const IOMAP_FIELDS = [
  'file', 'op', 'pos', 'count', 'branch', 'eof', 'isize', 'preallocBlocks', 'type', 'offset', 'length', 'shared', 'new', 'srcmap',
] as const;
export const COMPARATORS = ['eq', 'ne', 'lt', 'le', 'gt', 'ge', 'oneOf', 'matches', 'sameAsReference'] as const;

const QUERY_KEYS = ['file', 'space', 'event', 'iomap', 'output'] as const;

/** A state point: "final" or { afterCommand, nth }. */
export function readPoint(r: SchemaReader, v: unknown, field: string): StatePoint | undefined {
  if (v === undefined || v === 'final') return v as StatePoint | undefined;
  const o = r.object(v, field);
  if (!o) return undefined;
  r.onlyKeys(o, field, ['afterCommand', 'nth']);
  const afterCommand = r.regex(o.afterCommand, join(field, 'afterCommand'));
  const nth = readNth(r, o.nth, join(field, 'nth'));
  return afterCommand === undefined ? undefined : { afterCommand, ...(nth !== undefined ? { nth } : {}) };
}

/** A step range { command, nth }. */
export function readRange(r: SchemaReader, v: unknown, field: string): StepRange | undefined {
  if (v === undefined) return undefined;
  const o = r.object(v, field);
  if (!o) return undefined;
  r.onlyKeys(o, field, ['command', 'nth']);
  const command = r.regex(o.command, join(field, 'command'));
  const nth = readNth(r, o.nth, join(field, 'nth'));
  return command === undefined ? undefined : { command, ...(nth !== undefined ? { nth } : {}) };
}

/** nth: 1 is the first, -1 the last. */
function readNth(r: SchemaReader, v: unknown, field: string): number | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== 'number' || !Number.isInteger(v) || v === 0) return r.fail(field, `expected a non-zero integer (1 = first, -1 = last), got ${describe(v)}`);
  return v;
}

/** The comparisons of an assertion or a field predicate; `need` = exactly one must be present. */
export function readComparison(r: SchemaReader, o: Record<string, unknown>, field: string, need: boolean): Comparison | undefined {
  const present = COMPARATORS.filter((k) => o[k] !== undefined);
  if (need && present.length !== 1) {
    return r.fail(field, `expected exactly one comparison (${COMPARATORS.join(', ')}), got ${present.length ? present.join(' and ') : 'none'}`);
  }
  const c: Comparison = {};
  for (const k of present) {
    const v = o[k];
    const f = join(field, k);
    if (k === 'oneOf') {
      if (r.list(v, f)) c.oneOf = v as unknown[];
    } else if (k === 'matches') {
      const s = r.regex(v, f);
      if (s !== undefined) c.matches = s;
    } else if (k === 'sameAsReference') {
      if (v !== true) r.fail(f, `expected true, got ${describe(v)}`);
      else c.sameAsReference = true;
    } else if (k === 'eq' || k === 'ne') {
      c[k] = v;
    } else if (typeof v !== 'number' && typeof v !== 'string') {
      r.fail(f, `expected a number (or a {{parameter}}), got ${describe(v)}`);
    } else {
      c[k] = v;
    }
  }
  return c;
}

/** Field predicates: each value a literal or a comparison object. */
function readFields(r: SchemaReader, v: unknown, field: string, allowed?: readonly string[]): FieldPredicates | undefined {
  const o = r.object(v, field);
  if (!o) return undefined;
  if (allowed) r.onlyKeys(o, field, allowed);
  const out: FieldPredicates = {};
  for (const [k, pv] of Object.entries(o)) {
    const f = join(field, k);
    if (isObject(pv)) {
      r.onlyKeys(pv, f, COMPARATORS.filter((c) => c !== 'sameAsReference'));
      const c = readComparison(r, pv, f, true);
      if (c) out[k] = c;
    } else if (typeof pv === 'string' || typeof pv === 'number' || typeof pv === 'boolean') {
      out[k] = pv;
    } else {
      r.fail(f, `expected a string, a number, a boolean or a comparison such as {"ge": 32}, got ${describe(pv)}`);
    }
  }
  return out;
}

/** An event or iomap matcher; `extra` names keys the caller reads itself (field, nth, ...). */
export function readMatcher(r: SchemaReader, v: unknown, field: string, extra: readonly string[] = []): TraceMatcher | undefined {
  const o = r.object(v, field);
  if (!o) return undefined;
  if (o.iomap !== undefined) {
    r.onlyKeys(o, field, ['iomap', ...extra]);
    const iomap = readFields(r, o.iomap, join(field, 'iomap'), IOMAP_FIELDS);
    return iomap ? ({ iomap } as IomapMatcher) : undefined;
  }
  r.onlyKeys(o, field, ['event', 'file', 'ctx', 'fields', ...extra]);
  const event = r.string(o.event, join(field, 'event'), { pattern: /^[a-z0-9_:]+$/, what: 'a trace event name such as "xfs_iomap_alloc" (or an "iomap" matcher)' });
  const m: EventMatcher = { event: event ?? '' };
  const file = r.string(o.file, join(field, 'file'), { optional: true });
  if (file !== undefined) m.file = file;
  const ctx = r.string(o.ctx, join(field, 'ctx'), { optional: true });
  if (ctx !== undefined) m.ctx = ctx;
  if (o.fields !== undefined) {
    const fields = readFields(r, o.fields, join(field, 'fields'));
    if (fields) m.fields = fields;
  }
  return event === undefined ? undefined : m;
}

/** A query (and, with `comparisonKeys`, the assertion keys are tolerated). */
export function readQuery(r: SchemaReader, v: unknown, field: string, comparisonKeys: readonly string[] = []): Query | undefined {
  const o = r.object(v, field);
  if (!o) return undefined;
  // An event matcher may name a file too: `event` / `iomap` decide.
  const kinds = o.event !== undefined || o.iomap !== undefined ? QUERY_KEYS.filter((k) => k !== 'file' && o[k] !== undefined) : QUERY_KEYS.filter((k) => o[k] !== undefined);
  if (kinds.length !== 1) {
    return r.fail(field, `expected a query with exactly one of ${QUERY_KEYS.map((k) => `"${k}"`).join(', ')}, got ${kinds.length ? kinds.join(' and ') : 'none'}`);
  }
  const kind = kinds[0];
  if (kind === 'file') {
    r.onlyKeys(o, field, ['file', 'value', 'fork', 'extentKind', 'at', ...comparisonKeys]);
    const file = r.string(o.file, join(field, 'file'));
    const value = r.oneOf(o.value, join(field, 'value'), FILE_VALUES);
    const fork = r.oneOf(o.fork, join(field, 'fork'), ['data', 'cow'] as const, true);
    const extentKind = r.oneOf(o.extentKind, join(field, 'extentKind'), EXTENT_KINDS, true);
    const at = readPoint(r, o.at, join(field, 'at'));
    if (file === undefined || value === undefined) return undefined;
    return { file, value, ...(fork ? { fork } : {}), ...(extentKind ? { extentKind } : {}), ...(at ? { at } : {}) };
  }
  if (kind === 'space') {
    r.onlyKeys(o, field, ['space', 'at', ...comparisonKeys]);
    const space = r.oneOf(o.space, join(field, 'space'), SPACE_VALUES);
    const at = readPoint(r, o.at, join(field, 'at'));
    return space === undefined ? undefined : { space, ...(at ? { at } : {}) };
  }
  if (kind === 'output') {
    r.onlyKeys(o, field, ['output', 'nth', ...comparisonKeys]);
    const output = r.regex(o.output, join(field, 'output'));
    const nth = readNth(r, o.nth, join(field, 'nth'));
    return output === undefined ? undefined : { output, ...(nth !== undefined ? { nth } : {}) };
  }
  const m = readMatcher(r, o, field, ['field', 'count', 'nth', 'within', ...comparisonKeys]);
  if (!m) return undefined;
  const q: Query = { ...m };
  if (o.count !== undefined && o.count !== true) r.fail(join(field, 'count'), `expected true, got ${describe(o.count)}`);
  if (o.count === true) q.count = true;
  const fieldName = r.string(o.field, join(field, 'field'), { optional: true });
  if (fieldName !== undefined) q.field = fieldName;
  if ((q.count === true) === (fieldName !== undefined)) r.fail(field, 'expected either "field" (a value of the matching event) or "count": true (how many match)');
  const nth = readNth(r, o.nth, join(field, 'nth'));
  if (nth !== undefined) q.nth = nth;
  const within = readRange(r, o.within, join(field, 'within'));
  if (within) q.within = within;
  return q;
}

/** A query with exactly one comparison. */
export function readAssertion(r: SchemaReader, v: unknown, field: string): Assertion | undefined {
  const q = readQuery(r, v, field, COMPARATORS);
  if (!q || !isObject(v)) return undefined;
  const c = readComparison(r, v, field, true);
  return c ? { ...q, ...c } : undefined;
}
