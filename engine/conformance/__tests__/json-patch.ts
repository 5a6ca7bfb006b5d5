/**
 * A minimal structural JSON diff/patch for the Python-parity fixtures: each stored case is its base
 * recording plus the edits that made EXPECTED and ACTUAL, so the fixtures stay small. Arrays whose
 * length changed are replaced whole (no LCS): simple, exact, and small for the small bases used.
 */

/** A JSON value. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** One edit: set (add or replace) the value at `path`, or remove the object key at `path`. */
export type PatchOp = { op: 'set'; path: (string | number)[]; value: Json } | { op: 'remove'; path: (string | number)[] };

function isObject(v: Json): v is { [key: string]: Json } {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The edits that turn `a` into `b` (a reordered object is replaced whole, so key order survives). */
export function diffJson(a: Json, b: Json, path: (string | number)[] = []): PatchOp[] {
  if (JSON.stringify(a) === JSON.stringify(b)) return [];
  if (isObject(a) && isObject(b)) {
    // Key order matters (trace fields are compared in print order): diff key by key only when b keeps
    // a's surviving keys in order and appends the new ones, which is what remove/set reproduce.
    const kept = Object.keys(a).filter((k) => k in b);
    if (Object.keys(b).slice(0, kept.length).join('\0') !== kept.join('\0')) return [{ op: 'set', path, value: b }];
    const ops: PatchOp[] = [];
    for (const k of Object.keys(a)) {
      if (!(k in b)) ops.push({ op: 'remove', path: [...path, k] });
      else ops.push(...diffJson(a[k], b[k], [...path, k]));
    }
    for (const k of Object.keys(b).slice(kept.length)) ops.push({ op: 'set', path: [...path, k], value: b[k] });
    return ops;
  }
  if (Array.isArray(a) && Array.isArray(b) && a.length === b.length) {
    return a.flatMap((x, i) => diffJson(x, b[i], [...path, i]));
  }
  return [{ op: 'set', path, value: b }];
}

/** Applies `ops` to a deep copy of `base`. */
export function applyPatch(base: Json, ops: readonly PatchOp[]): Json {
  let root = structuredClone(base);
  for (const op of ops) {
    if (op.path.length === 0) {
      if (op.op === 'set') root = structuredClone(op.value);
      continue;
    }
    let parent = root as { [key: string]: Json } | Json[];
    for (const k of op.path.slice(0, -1)) parent = (parent as Record<string | number, Json>)[k] as typeof parent;
    const last = op.path[op.path.length - 1];
    if (op.op === 'remove') delete (parent as Record<string | number, Json>)[last];
    else (parent as Record<string | number, Json>)[last] = structuredClone(op.value);
  }
  return root;
}
