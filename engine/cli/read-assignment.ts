/**
 * Reading assignment folders from disk into the engine's form (relative path → text), and
 * loading them with the schema. Dot files and editor leftovers are not part of an assignment.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, basename, resolve } from 'node:path';
import { loadAssignment, type AssignmentFiles, type LoadResult } from '../grade/schema.js';
import { formatSchemaError } from '../grade/schema-reader.js';

/** Files larger than this are not read (an assignment is text; a stray disk image is not). */
const MAX_FILE = 4 << 20;

/** Every file under `dir` as text, keyed by its path relative to `dir` with '/' separators. */
export function readAssignmentFiles(dir: string): AssignmentFiles {
  const files: AssignmentFiles = {};
  const walk = (abs: string, rel: string): void => {
    for (const name of readdirSync(abs).sort()) {
      if (name.startsWith('.') || name.endsWith('~')) continue;
      const p = join(abs, name);
      const st = statSync(p);
      const r = rel ? `${rel}/${name}` : name;
      if (st.isDirectory()) walk(p, r);
      else if (st.isFile() && st.size <= MAX_FILE) files[r] = readFileSync(p, 'utf8');
    }
  };
  walk(dir, '');
  return files;
}

/** Load the assignment in `dir` (its folder name is its id). */
export function loadAssignmentDir(dir: string): LoadResult {
  const abs = resolve(dir);
  let files: AssignmentFiles;
  try {
    files = readAssignmentFiles(abs);
  } catch (e) {
    return { ok: false, errors: [{ file: abs, field: '', message: `cannot read the folder: ${(e as Error).message}` }] };
  }
  return loadAssignment(basename(abs), files);
}

/** The errors of a failed load, one per line, prefixed with the folder. */
export function formatLoadErrors(dir: string, r: Extract<LoadResult, { ok: false }>): string {
  return r.errors.map((e) => `${dir.replace(/\/+$/, '')}/${formatSchemaError(e)}\n`).join('');
}
