/**
 * The few Python semantics the comparator's messages and verdicts rest on, so that the TypeScript port
 * (compare.ts) says exactly what ../shared/oracle/tools/lib/compare_engine.py says: `repr()`/`str()` of
 * str, int, None, bool, tuple, list and dict; `==` between JSON values; `int(s, 0)`; str.strip/split
 * whitespace; and code-point string order (what `sorted()` uses).
 */

/** A Python tuple (repr `(a, b)`, `(a,)`), distinct from a list (repr `[a, b]`). */
export class PyTuple {
  constructor(readonly items: readonly PyVal[]) {}
}

/** The values the comparator handles: JSON values plus Python ints (bigint), tuples and ordered dicts. */
export type PyVal =
  | null
  | undefined
  | boolean
  | number
  | bigint
  | string
  | PyTuple
  | Map<string, PyVal>
  | readonly PyVal[]
  | { readonly [key: string]: PyVal };

/** Shorthand for `new PyTuple([...])`. */
export function tup(...items: PyVal[]): PyTuple {
  return new PyTuple(items);
}

/** Python's whitespace (str.isspace), used by strip()/split() and by `\s` in `re` str patterns. */
export const PY_WS = '\\t\\n\\v\\f\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';
const TRAILING_WS = new RegExp(`[${PY_WS}]+$`);
const LEADING_WS = new RegExp(`^[${PY_WS}]+`);
const WS_RUN = new RegExp(`[${PY_WS}]+`);

/** `s.rstrip()`. */
export function pyRstrip(s: string): string {
  return s.replace(TRAILING_WS, '');
}

/** `s.strip()`. */
export function pyStrip(s: string): string {
  return pyRstrip(s).replace(LEADING_WS, '');
}

/** `s.split()` (no separator: runs of whitespace, no empty strings). */
export function pySplit(s: string): string[] {
  const t = pyStrip(s);
  return t === '' ? [] : t.split(WS_RUN);
}

/** Python truthiness of a JSON value (`x or {}`). */
export function pyTruthy(v: PyVal): boolean {
  if (v === null || v === undefined || v === false || v === 0 || v === 0n || v === '') return false;
  if (Array.isArray(v)) return v.length > 0;
  if (v instanceof PyTuple) return v.items.length > 0;
  if (v instanceof Map) return v.size > 0;
  if (typeof v === 'object') return Object.keys(v).length > 0;
  return true;
}

/** `isinstance(v, dict)` for parsed JSON. */
export function isDict(v: unknown): v is Record<string, PyVal> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof PyTuple) && !(v instanceof Map);
}

/** `v if isinstance(v, dict) and v else {}` — how the comparator reads optional objects (`x.get(k) or {}`). */
export function dictOrEmpty(v: unknown): Record<string, PyVal> {
  return isDict(v) ? v : {};
}

const INT_LITERAL = /^[+-]?(?:0[xX](?:_?[0-9a-fA-F])+|0[oO](?:_?[0-7])+|0[bB](?:_?[01])+|[1-9](?:_?[0-9])*|0(?:_?0)*)$/;

/**
 * `int(str(v), 0)`, or null where Python raises: hex/octal/binary prefixes, `_` separators, no leading
 * zeros in decimals. A bigint, because trace values reach 2^64 (xfs_bunmap fsbcount 0x400000001fffbf,
 * cancel_cow bytecount 0xffffffffffffffff). Only ASCII digits (Python also takes other Unicode digits).
 */
export function pyToInt(v: PyVal): bigint | null {
  if (typeof v === 'bigint') return v;
  if (typeof v === 'number') return Number.isInteger(v) ? BigInt(v) : null;
  if (typeof v !== 'string') return null;
  const s = pyStrip(v);
  if (!INT_LITERAL.test(s)) return null;
  const neg = s.startsWith('-');
  let body = s.replace(/^[+-]/, '').replace(/_/g, '');
  if (/^0+$/.test(body)) return 0n;
  if (/^0[oO]/.test(body)) body = '0o' + body.slice(2);
  const n = BigInt(body);
  return neg ? -n : n;
}

const NON_PRINTABLE = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}\p{Zs}]/u;

function hex(n: number, width: number): string {
  return n.toString(16).padStart(width, '0');
}

/** `repr(s)` of a str: quote choice and escapes as CPython's unicode_repr. */
export function reprStr(s: string): string {
  const q = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = q;
  for (const ch of s) {
    if (ch === q || ch === '\\') out += '\\' + ch;
    else if (ch === '\t') out += '\\t';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch !== ' ' && NON_PRINTABLE.test(ch)) {
      const cp = ch.codePointAt(0) ?? 0;
      out += cp < 0x100 ? '\\x' + hex(cp, 2) : cp < 0x10000 ? '\\u' + hex(cp, 4) : '\\U' + hex(cp, 8);
    } else out += ch;
  }
  return out + q;
}

/** repr() of a float that is not an integer (JSON cannot tell 5.0 from 5: integral numbers are ints). */
function reprFloat(v: number): string {
  if (Number.isNaN(v)) return 'nan';
  if (!Number.isFinite(v)) return v > 0 ? 'inf' : '-inf';
  let s = Math.abs(v) < 1e-4 ? v.toExponential() : String(v);
  s = s.replace(/e([+-])(\d)$/, 'e$10$2');
  return s;
}

function reprDictEntries(entries: Iterable<[string, PyVal]>): string {
  const parts: string[] = [];
  for (const [k, v] of entries) parts.push(`${reprStr(k)}: ${pyRepr(v)}`);
  return '{' + parts.join(', ') + '}';
}

/** `repr(v)`. */
export function pyRepr(v: PyVal): string {
  if (v === null || v === undefined) return 'None';
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (typeof v === 'bigint') return v.toString();
  if (typeof v === 'number') return Number.isInteger(v) ? BigInt(v).toString() : reprFloat(v);
  if (typeof v === 'string') return reprStr(v);
  if (v instanceof PyTuple) {
    const inner = v.items.map(pyRepr).join(', ');
    return '(' + inner + (v.items.length === 1 ? ',' : '') + ')';
  }
  if (v instanceof Map) return reprDictEntries(v.entries());
  if (Array.isArray(v)) return '[' + v.map(pyRepr).join(', ') + ']';
  return reprDictEntries(Object.entries(v as Record<string, PyVal>));
}

/** `str(v)` (what `%s` prints): a str as is, anything else as repr. */
export function pyStr(v: PyVal): string {
  return typeof v === 'string' ? v : pyRepr(v);
}

/** `%d` of an int (or a float, truncated). */
export function pyD(v: PyVal): string {
  if (typeof v === 'bigint') return v.toString();
  if (typeof v === 'boolean') return v ? '1' : '0';
  if (typeof v === 'number' && Number.isFinite(v)) return BigInt(Math.trunc(v)).toString();
  return pyStr(v);
}

function numeric(v: PyVal): bigint | number | null {
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'number' || typeof v === 'bigint') return v;
  return null;
}

/** Python `a == b` for JSON values, ints, tuples and dicts (dicts ignore key order; True == 1). */
export function pyEq(a: PyVal, b: PyVal): boolean {
  const na = numeric(a);
  const nb = numeric(b);
  if (na !== null || nb !== null) {
    if (na === null || nb === null) return false;
    if (typeof na === 'number' && typeof nb === 'number') return na === nb;
    if (typeof na === 'number' && !Number.isInteger(na)) return false;
    if (typeof nb === 'number' && !Number.isInteger(nb)) return false;
    return BigInt(na) === BigInt(nb);
  }
  if (a === null || a === undefined || b === null || b === undefined) return (a ?? null) === (b ?? null);
  if (typeof a === 'string' || typeof b === 'string') return a === b;
  if (a instanceof PyTuple || b instanceof PyTuple) {
    return a instanceof PyTuple && b instanceof PyTuple && seqEq(a.items, b.items);
  }
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && seqEq(a as readonly PyVal[], b as readonly PyVal[]);
  }
  const ma = a instanceof Map ? a : new Map(Object.entries(a as Record<string, PyVal>));
  const mb = b instanceof Map ? b : new Map(Object.entries(b as Record<string, PyVal>));
  if (ma.size !== mb.size) return false;
  for (const [k, v] of ma) {
    if (!mb.has(k) || !pyEq(v, mb.get(k))) return false;
  }
  return true;
}

function seqEq(a: readonly PyVal[], b: readonly PyVal[]): boolean {
  return a.length === b.length && a.every((x, i) => pyEq(x, b[i]));
}

/** Python's str ordering (by code point; JS `<` compares UTF-16 units, which differs above U+FFFF). */
export function comparePyStrings(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    if (a.charCodeAt(i) !== b.charCodeAt(i)) return (a.codePointAt(i) ?? 0) - (b.codePointAt(i) ?? 0);
  }
  return a.length - b.length;
}

/** `sorted(strings)`. */
export function pySorted(strings: Iterable<string>): string[] {
  return [...strings].sort(comparePyStrings);
}

/** `s[:n]` (code points, not UTF-16 units). */
export function pySlice(s: string, n: number): string {
  return s.length <= n ? s : Array.from(s).slice(0, n).join('');
}
