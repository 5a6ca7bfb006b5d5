/**
 * Loading an assignment folder: the files (path → text, read by the caller: the CLI, the app) are
 * validated into an Assignment, or a list of errors that each name the file, the field and what
 * was expected. Nothing in the folder is executed here except mkfs/mount of the declared
 * filesystem, to check that the simulator accepts its options.
 */
import type { Assignment, Check, FilesystemSpec, GradeLimits, VariantSpec } from './assignment-types.js';
import { readCheck } from './check-schema.js';
import { needsReference } from './check-deps.js';
import { describe, join, SchemaReader, type SchemaError } from './schema-reader.js';
import { sha256Hex } from './sha256.js';
import { unknownPlaceholders } from './variants.js';
import { Machine } from '../machine.js';
import { SCRATCH_DEV } from '../run/run-script.js';
import { parseScriptHeader } from '../run/script-header.js';

/** The files of an assignment folder: relative path ('/' separators) → text. */
export type AssignmentFiles = Record<string, string>;

/** The instructor-only folder: the reference solution and the hidden checks. Students never get it. */
export const PRIVATE_DIR = 'solution/';
export const SOLUTION_FILE = 'solution/solution.sh';
export const PRIVATE_CHECKS_FILE = 'solution/checks.json';
const REQUIRED = ['assignment.json', 'README.en.md', 'README.zh-CN.md', 'starter.sh'];

/** Default limits for grading one submission. */
export const DEFAULT_LIMITS: GradeLimits = { timeoutMs: 20_000, maxCommands: 20_000, maxOutputBytes: 1 << 20, memoryMb: 512 };
/** The filesystem of a lab script without a header (run/script-header.ts). */
const DEFAULT_MKFS = '-m reflink=1 -d size=256m';

const ID = /^[a-z0-9][a-z0-9-]{0,63}$/;
const VERSION = /^[0-9A-Za-z][0-9A-Za-z.+-]{0,31}$/;
const DUE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?(Z|[+-]\d{2}:\d{2})$/;
const PARAM = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Result of loading: the assignment, or why not. */
export type LoadResult = { ok: true; assignment: Assignment } | { ok: false; errors: SchemaError[] };

/**
 * SHA-256 of what a student gets: every file outside solution/, by path. Submissions carry it,
 * so the grader can tell when a student worked on another copy of the assignment.
 */
export function assignmentContentHash(files: AssignmentFiles): string {
  const lines = Object.keys(files)
    .filter((p) => !p.startsWith(PRIVATE_DIR))
    .sort()
    .map((p) => `${p}\0${sha256Hex(files[p])}\n`);
  return sha256Hex(lines.join(''));
}

function parseJson(files: AssignmentFiles, file: string, errors: SchemaError[]): unknown {
  try {
    return JSON.parse(files[file]);
  } catch (e) {
    errors.push({ file, field: '', message: `not valid JSON: ${(e as Error).message}` });
    return undefined;
  }
}

/** Validate and load an assignment folder named `folder`. */
export function loadAssignment(folder: string, files: AssignmentFiles): LoadResult {
  const errors: SchemaError[] = [];
  for (const f of REQUIRED) if (files[f] === undefined) errors.push({ file: f, field: '', message: 'missing (every assignment has assignment.json, README.en.md, README.zh-CN.md and starter.sh)' });
  if (files['assignment.json'] === undefined) return { ok: false, errors };
  const raw = parseJson(files, 'assignment.json', errors);
  if (raw === undefined) return { ok: false, errors };
  const r = new SchemaReader('assignment.json', errors);
  const o = r.object(raw, '');
  if (!o) return { ok: false, errors };
  r.onlyKeys(o, '', ['$schema', 'id', 'version', 'title', 'topic', 'order', 'points', 'due', 'filesystem', 'limits', 'variants', 'checks']);
  const id = r.string(o.id, 'id', { pattern: ID, what: 'an id of lowercase letters, digits and dashes' });
  if (id !== undefined && id !== folder) r.fail('id', `expected "${folder}" (the folder's name), got "${id}"`);
  const version = r.string(o.version, 'version', { pattern: VERSION, what: 'a version such as "1.0.0"' });
  const title = r.localized(o.title, 'title');
  const topic = r.localized(o.topic, 'topic');
  for (const [k, v] of [['title', title], ['topic', topic]] as const) {
    for (const lang of ['en', 'zh-CN'] as const) if (v && v[lang].length > 200) r.fail(`${k}.${lang}`, 'expected at most 200 characters (the Home screen shows it on one line)');
  }
  const order = r.int(o.order, 'order', { optional: true, min: 0 }) ?? 1000;
  const points = r.int(o.points, 'points', { min: 1 });
  const due = r.string(o.due, 'due', { optional: true, pattern: DUE, what: 'an ISO 8601 date-time with its time zone, such as "2025-11-30T23:59:00+08:00"' });
  if (due !== undefined && Number.isNaN(Date.parse(due))) r.fail('due', `not a real date: "${due}"`);
  const filesystem = readFilesystem(r, o.filesystem, files);
  const limits = readLimits(r, o.limits);
  const variants = readVariants(r, o.variants);
  const before = errors.length;
  const checks = readChecks(r, o.checks, 'checks');
  if (files[PRIVATE_CHECKS_FILE] !== undefined) {
    const pr = new SchemaReader(PRIVATE_CHECKS_FILE, errors);
    const praw = pr.object(parseJson(files, PRIVATE_CHECKS_FILE, errors), '');
    if (praw) {
      pr.onlyKeys(praw, '', ['checks']);
      const hidden = readChecks(pr, praw.checks, 'checks');
      hidden.forEach((c, i) => {
        // A visible check here would vanish from the students' copy, which has no solution/ folder.
        if (c.visibility === 'visible') pr.fail(`checks[${i}].visibility`, 'expected "hidden" or "after-due": solution/ is not in the students\' copy, so a visible check cannot live here');
        if (c.kind === 'answer') pr.fail(`checks[${i}].kind`, 'an answer check cannot live in solution/: students answer its question in the app, and their copy has no solution/ folder');
      });
      checks.push(...hidden);
    }
  }
  checks.forEach((c, i) => {
    // The app runs visible checks on the students' copy, which has no reference solution.
    if (c.visibility === 'visible' && needsReference(c)) r.fail(`checks[${i}]`, `a visible check cannot compare with the reference solution (students' copies have no solution/); make "${c.id}" hidden or after-due, or compare with fixed values`);
  });
  const seen = new Set<string>();
  for (const c of checks) {
    if (seen.has(c.id)) r.fail('checks', `two checks have the id "${c.id}"; ids must be unique (solution/checks.json included)`);
    seen.add(c.id);
  }
  // Rules over all checks only make sense once every check was read.
  if (errors.length === before) {
    const sum = checks.reduce((s, c) => s + c.points, 0);
    if (points !== undefined && sum !== points) r.fail('points', `expected the sum of the checks' points (${sum}), got ${points}`);
    if (!checks.some((c) => c.visibility === 'visible')) r.fail('checks', 'expected at least one visible check (the student\'s Check button runs them)');
  }
  if (variants) checkPlaceholders(files, variants, errors);
  if (filesystem) checkHeaders(files, filesystem, errors);
  if (errors.length || !id || !version || !title || !topic || points === undefined || !filesystem || !variants) return { ok: false, errors };
  const assignment: Assignment = {
    id, version, title, topic, order, points, filesystem, limits, variants, checks,
    readme: { en: files['README.en.md'], 'zh-CN': files['README.zh-CN.md'] },
    starter: files['starter.sh'],
    contentHash: assignmentContentHash(files),
  };
  if (due !== undefined) assignment.due = due;
  if (files[SOLUTION_FILE] !== undefined) assignment.solution = files[SOLUTION_FILE];
  return { ok: true, assignment };
}

function readChecks(r: SchemaReader, v: unknown, field: string): Check[] {
  const list = r.list(v, field) ?? [];
  return list.map((c, i) => readCheck(r, c, join(field, i))).filter((c): c is Check => c !== undefined);
}

function readFilesystem(r: SchemaReader, v: unknown, files: AssignmentFiles): FilesystemSpec | undefined {
  const o = r.object(v, 'filesystem', true) ?? {};
  r.onlyKeys(o, 'filesystem', ['mkfs', 'mount', 'events', 'setup']);
  const mkfs = r.string(o.mkfs, 'filesystem.mkfs', { optional: true, what: 'mkfs.xfs options such as "-m reflink=1 -d size=256m"' }) ?? DEFAULT_MKFS;
  const mount = r.string(o.mount, 'filesystem.mount', { optional: true, allowEmpty: true, what: 'mount -o options such as "allocsize=64k"' }) ?? '';
  const events = (r.list(o.events, 'filesystem.events', true) ?? []).map((e, i) => r.string(e, `filesystem.events[${i}]`, { pattern: /^-?[a-z0-9_:]+$/, what: 'a trace event name' }) ?? '');
  let setup = '';
  const setupFile = r.string(o.setup, 'filesystem.setup', { optional: true, what: 'the name of a script in the assignment folder, such as "setup.sh"' });
  if (setupFile !== undefined) {
    if (setupFile.startsWith(PRIVATE_DIR) || setupFile.includes('..')) r.fail('filesystem.setup', `expected a file outside solution/ (students' copies run it too), got "${setupFile}"`);
    else if (files[setupFile] === undefined) r.fail('filesystem.setup', `the file "${setupFile}" is not in the assignment folder`);
    else setup = files[setupFile];
  }
  const args = mkfs.split(/\s+/).filter(Boolean);
  try {
    const m = new Machine({ trace: false });
    m.mkfs(args, SCRATCH_DEV);
    m.mount(mount);
  } catch (e) {
    return r.fail('filesystem', `the simulator refuses mkfs "${mkfs}" / mount "${mount}": ${(e as Error).message}`);
  }
  return { mkfs: args, mount, events, setup };
}

function readLimits(r: SchemaReader, v: unknown): GradeLimits {
  const o = r.object(v, 'limits', true) ?? {};
  r.onlyKeys(o, 'limits', Object.keys(DEFAULT_LIMITS));
  return {
    timeoutMs: r.int(o.timeoutMs, 'limits.timeoutMs', { optional: true, min: 100, max: 600_000 }) ?? DEFAULT_LIMITS.timeoutMs,
    maxCommands: r.int(o.maxCommands, 'limits.maxCommands', { optional: true, min: 1, max: 10_000_000 }) ?? DEFAULT_LIMITS.maxCommands,
    maxOutputBytes: r.int(o.maxOutputBytes, 'limits.maxOutputBytes', { optional: true, min: 1024, max: 1 << 30 }) ?? DEFAULT_LIMITS.maxOutputBytes,
    memoryMb: r.int(o.memoryMb, 'limits.memoryMb', { optional: true, min: 64, max: 16384 }) ?? DEFAULT_LIMITS.memoryMb,
  };
}

function readVariants(r: SchemaReader, v: unknown): Record<string, VariantSpec> | undefined {
  const o = r.object(v, 'variants', true) ?? {};
  const out: Record<string, VariantSpec> = {};
  for (const [name, spec] of Object.entries(o)) {
    const f = `variants.${name}`;
    if (!PARAM.test(name)) r.fail(f, 'expected a parameter name of letters, digits and _ (it is written {{name}})');
    const s = r.object(spec, f);
    if (!s) continue;
    if (Array.isArray(s.choose)) {
      r.onlyKeys(s, f, ['choose']);
      if (s.choose.length === 0) r.fail(`${f}.choose`, 'expected at least one value');
      const bad = s.choose.findIndex((x) => !(typeof x === 'string' || typeof x === 'number' || (typeof x === 'object' && x !== null && !Array.isArray(x) && Object.values(x).every((y) => typeof y === 'string' || typeof y === 'number'))));
      if (bad >= 0) r.fail(`${f}.choose[${bad}]`, `expected a number, a string or an object of numbers and strings, got ${describe(s.choose[bad])}`);
      else out[name] = { choose: s.choose as (string | number | Record<string, string | number>)[] };
    } else if (Array.isArray(s.range)) {
      r.onlyKeys(s, f, ['range', 'step']);
      const [lo, hi] = s.range;
      const step = r.int(s.step, `${f}.step`, { optional: true, min: 1 }) ?? 1;
      if (s.range.length !== 2 || !Number.isInteger(lo) || !Number.isInteger(hi) || (lo as number) > (hi as number)) {
        r.fail(`${f}.range`, `expected [min, max] with integers min ≤ max, got ${describe(s.range)}`);
      } else out[name] = { range: [lo as number, hi as number], step };
    } else {
      r.fail(f, 'expected {"choose": [values...]} or {"range": [min, max], "step": n}');
    }
  }
  return out;
}

/**
 * A starter or solution may carry the `# mkfs:` / `# mount:` header of a lab script (so it also runs
 * on its own); it must then describe the assignment's filesystem, or a plain Run and the grader
 * would disagree.
 */
function checkHeaders(files: AssignmentFiles, fs: FilesystemSpec, errors: SchemaError[]): void {
  for (const file of ['starter.sh', SOLUTION_FILE]) {
    const text = files[file];
    if (text === undefined) continue;
    const h = parseScriptHeader(text);
    if (/^#\s*mkfs:/m.test(text) && h.mkfs.join(' ') !== fs.mkfs.join(' ')) {
      errors.push({ file, field: '# mkfs:', message: `expected "${fs.mkfs.join(' ')}" (filesystem.mkfs in assignment.json), got "${h.mkfs.join(' ')}"` });
    }
    if (/^#\s*mount:/m.test(text) && h.mount !== fs.mount) {
      errors.push({ file, field: '# mount:', message: `expected "${fs.mount}" (filesystem.mount in assignment.json), got "${h.mount}"` });
    }
  }
}

/** Every {{placeholder}} in the texts and in assignment.json must name a parameter. */
function checkPlaceholders(files: AssignmentFiles, variants: Record<string, VariantSpec>, errors: SchemaError[]): void {
  for (const [file, text] of Object.entries(files)) {
    if (!/\.(md|sh|json)$/.test(file)) continue;
    const unknown = [...new Set(unknownPlaceholders(text, variants))];
    if (unknown.length) {
      errors.push({ file, field: '', message: `unknown parameter${unknown.length > 1 ? 's' : ''} ${unknown.map((u) => `{{${u}}}`).join(', ')}; declared: ${Object.keys(variants).join(', ') || 'none'}` });
    }
  }
}

