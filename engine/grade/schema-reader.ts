/**
 * A small reader for hand-edited JSON: each read names the file and the field it looks at, and a
 * wrong value becomes an error that says what was expected and what was found, instead of an
 * exception. schema.ts reads assignment.json with it; every error is collected, so an instructor
 * sees all of them at once.
 */

/** One problem in an assignment's files. */
export interface SchemaError {
  /** File relative to the assignment folder (assignment.json, solution/checks.json, README.en.md, ...). */
  file: string;
  /** Field path inside the file (`checks[2].points`), or '' for the whole file. */
  field: string;
  message: string;
}

/** `file: field: message`, the way compilers print errors. */
export function formatSchemaError(e: SchemaError): string {
  return `${e.file}${e.field ? `: ${e.field}` : ''}: ${e.message}`;
}

/** A short description of a JSON value for "got ..." messages. */
export function describe(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'null';
  if (Array.isArray(v)) return `a list of ${v.length}`;
  if (typeof v === 'object') return 'an object';
  if (typeof v === 'string') return `"${v.length > 40 ? `${v.slice(0, 40)}…` : v}"`;
  return `${typeof v} ${String(v)}`;
}

/** Is `v` a plain JSON object? */
export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Reads fields of one file, collecting errors. */
export class SchemaReader {
  constructor(
    readonly file: string,
    readonly errors: SchemaError[],
  ) {}

  /** Record an error at `field`. Returns undefined so callers can `return r.fail(...)`. */
  fail(field: string, message: string): undefined {
    this.errors.push({ file: this.file, field, message });
    return undefined;
  }

  /** Report keys of `obj` that are not in `allowed` (a typo in a field name should not pass silently). */
  onlyKeys(obj: Record<string, unknown>, field: string, allowed: readonly string[]): void {
    for (const k of Object.keys(obj)) {
      if (!allowed.includes(k)) this.fail(join(field, k), `unknown field; expected one of ${allowed.join(', ')}`);
    }
  }

  /** An object, or undefined (with an error unless optional and absent). */
  object(v: unknown, field: string, optional = false): Record<string, unknown> | undefined {
    if (v === undefined && optional) return undefined;
    if (!isObject(v)) return this.fail(field, `expected an object, got ${describe(v)}`);
    return v;
  }

  /** A list, or undefined. */
  list(v: unknown, field: string, optional = false): unknown[] | undefined {
    if (v === undefined && optional) return undefined;
    if (!Array.isArray(v)) return this.fail(field, `expected a list, got ${describe(v)}`);
    return v;
  }

  /** A string (non-empty unless allowEmpty), optionally matching a pattern. */
  string(v: unknown, field: string, opts: { optional?: boolean; pattern?: RegExp; what?: string; allowEmpty?: boolean } = {}): string | undefined {
    if (v === undefined && opts.optional) return undefined;
    if (typeof v !== 'string' || (!opts.allowEmpty && v === '')) {
      return this.fail(field, `expected ${opts.what ?? 'a non-empty string'}, got ${describe(v)}`);
    }
    if (opts.pattern && !opts.pattern.test(v)) return this.fail(field, `expected ${opts.what ?? `text matching ${opts.pattern}`}, got ${describe(v)}`);
    return v;
  }

  /** An integer within [min, max]. */
  int(v: unknown, field: string, opts: { optional?: boolean; min?: number; max?: number } = {}): number | undefined {
    if (v === undefined && opts.optional) return undefined;
    const min = opts.min ?? Number.MIN_SAFE_INTEGER;
    const max = opts.max ?? Number.MAX_SAFE_INTEGER;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
      const range = opts.max === undefined ? `≥ ${min}` : `${min}..${max}`;
      return this.fail(field, `expected an integer ${range}, got ${describe(v)}`);
    }
    return v;
  }

  /** A finite number. */
  number(v: unknown, field: string, optional = false): number | undefined {
    if (v === undefined && optional) return undefined;
    if (typeof v !== 'number' || !Number.isFinite(v)) return this.fail(field, `expected a number, got ${describe(v)}`);
    return v;
  }

  /** One of a fixed set of strings. */
  oneOf<T extends string>(v: unknown, field: string, values: readonly T[], optional = false): T | undefined {
    if (v === undefined && optional) return undefined;
    if (typeof v !== 'string' || !values.includes(v as T)) {
      return this.fail(field, `expected one of ${values.map((x) => `"${x}"`).join(', ')}, got ${describe(v)}`);
    }
    return v as T;
  }

  /** A regular expression source that compiles. */
  regex(v: unknown, field: string, optional = false): string | undefined {
    const s = this.string(v, field, { optional, what: 'a regular expression' });
    if (s === undefined) return undefined;
    try {
      new RegExp(s);
    } catch (e) {
      return this.fail(field, `not a valid regular expression: ${(e as Error).message}`);
    }
    return s;
  }

  /** `{ "en": "...", "zh-CN": "..." }`. */
  localized(v: unknown, field: string, optional = false): { en: string; 'zh-CN': string } | undefined {
    if (v === undefined && optional) return undefined;
    const o = this.object(v, field);
    if (!o) return undefined;
    this.onlyKeys(o, field, ['en', 'zh-CN']);
    const en = this.string(o.en, join(field, 'en'));
    const zh = this.string(o['zh-CN'], join(field, 'zh-CN'));
    return en !== undefined && zh !== undefined ? { en, 'zh-CN': zh } : undefined;
  }
}

/** `a.b`, `a[2]`: field paths as an instructor reads them. */
export function join(base: string, key: string | number): string {
  if (typeof key === 'number') return `${base}[${key}]`;
  return base ? `${base}.${key}` : key;
}
