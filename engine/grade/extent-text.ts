/**
 * Extent maps as students and instructors write them: `0+16 written, 16+48 delalloc` — file
 * offset and length in filesystem blocks, then the kind, optionally `shared`. Reports print maps
 * the same way, so an expected and an actual map can be read side by side.
 */
import type { ExtentKindName } from './assignment-types.js';

/** One extent of a map, without its physical location (which a student cannot predict). */
export interface ExtentSpec {
  off: number;
  len: number;
  kind: ExtentKindName;
  shared?: boolean;
}

const KINDS: readonly string[] = ['delalloc', 'unwritten', 'written'];

/** `0+16 written, 16+48 delalloc`; "(none)" for an empty map. */
export function formatExtents(list: readonly ExtentSpec[]): string {
  if (!list.length) return '(none)';
  return list.map((e) => `${e.off}+${e.len} ${e.kind}${e.shared ? ' shared' : ''}`).join(', ');
}

/** Parse a written map; a string describing the problem when it cannot be read. */
export function parseExtents(text: string): ExtentSpec[] | string {
  const t = text.trim();
  if (t === '' || t === '(none)' || t.toLowerCase() === 'none') return [];
  const out: ExtentSpec[] = [];
  for (const part of t.split(/[,;\n]+/).map((s) => s.trim()).filter(Boolean)) {
    const m = /^(\d+)\s*\+\s*(\d+)\s+([a-z]+)(\s+shared)?$/i.exec(part);
    if (!m || !KINDS.includes(m[3].toLowerCase())) {
      return `cannot read "${part}": write each extent as OFFSET+LENGTH KIND (in blocks), e.g. "0+16 written, 16+48 delalloc"`;
    }
    const e: ExtentSpec = { off: Number(m[1]), len: Number(m[2]), kind: m[3].toLowerCase() as ExtentKindName };
    if (m[4]) e.shared = true;
    out.push(e);
  }
  return out;
}

/** Read an instructor's expected map: a written string or a list of {off, len, kind, shared?}. */
export function toExtentList(v: unknown): ExtentSpec[] | undefined {
  if (typeof v === 'string') {
    const p = parseExtents(v);
    return typeof p === 'string' ? undefined : p;
  }
  if (!Array.isArray(v)) return undefined;
  const out: ExtentSpec[] = [];
  for (const x of v) {
    if (typeof x !== 'object' || x === null) return undefined;
    const e = x as Record<string, unknown>;
    if (typeof e.off !== 'number' || typeof e.len !== 'number' || typeof e.kind !== 'string' || !KINDS.includes(e.kind)) return undefined;
    out.push({ off: e.off, len: e.len, kind: e.kind as ExtentKindName, ...(e.shared === true ? { shared: true } : {}) });
  }
  return out;
}

/**
 * Whether two maps are the same. Adjacent extents of the same kind and sharing are merged first:
 * whether the kernel keeps two records or one is not what a map question asks.
 */
export function sameExtents(a: readonly ExtentSpec[], b: readonly ExtentSpec[]): boolean {
  const ca = coalesce(a);
  const cb = coalesce(b);
  return ca.length === cb.length && ca.every((e, i) => e.off === cb[i].off && e.len === cb[i].len && e.kind === cb[i].kind && !!e.shared === !!cb[i].shared);
}

function coalesce(list: readonly ExtentSpec[]): ExtentSpec[] {
  const out: ExtentSpec[] = [];
  for (const e of [...list].sort((x, y) => x.off - y.off)) {
    const last = out[out.length - 1];
    if (last && last.off + last.len === e.off && last.kind === e.kind && !!last.shared === !!e.shared) last.len += e.len;
    else out.push({ ...e });
  }
  return out;
}
