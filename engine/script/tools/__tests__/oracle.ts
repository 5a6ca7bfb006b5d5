/**
 * Loads the real-kernel recordings for the tool tests: the repository's oracle/ copy, else the
 * shared one beside the repository.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '../../../..');
const ROOTS = [join(repo, 'oracle'), join(repo, '../shared/oracle')];

/** The oracle folder in use. */
export const ORACLE = ROOTS.find((r) => existsSync(join(r, 'recorded'))) ?? ROOTS[0];

/** One recorded file's state. */
export interface RecordedFile {
  size: number;
  st_blocks: number;
  bmap_text?: string;
  data_fork?: { offset_bb: number; block_bb: number; length_bb: number; oflags: number }[];
  fsxattr?: Record<string, string>;
}

/** A recording (the fields the tool tests use). */
export interface Recording {
  scenario: string;
  output: string[];
  state: Record<string, { files?: Record<string, RecordedFile>; statfs?: Record<string, number> }>;
}

/** Every recording: scenario, fstests, quota and enospc folders. */
export function allRecordings(): { name: string; rec: Recording }[] {
  const dirs = ['recorded', 'fstests/recorded', 'quota/recorded', 'enospc/recorded'];
  const out: { name: string; rec: Recording }[] = [];
  for (const d of dirs) {
    const dir = join(ORACLE, d);
    if (!existsSync(dir)) continue;
    for (const f of readdirSync(dir).sort()) {
      const raw = readFileSync(join(dir, f));
      if (f.endsWith('.json')) out.push({ name: `${d}/${f}`, rec: JSON.parse(raw.toString('utf8')) });
      else if (f.endsWith('.json.gz')) out.push({ name: `${d}/${f}`, rec: JSON.parse(gunzipSync(raw).toString('utf8')) });
    }
  }
  return out;
}

/** One recording by file name under recorded/. */
export function recording(name: string): Recording {
  return JSON.parse(readFileSync(join(ORACLE, 'recorded', `${name}.json`), 'utf8'));
}
