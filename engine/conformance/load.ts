/**
 * Finding and reading the oracle recordings on disk (oracle/README.md).
 *
 * NODE-ONLY: this file uses node:fs and node:zlib, for tests, the CLI and scripts. It is NOT exported
 * from engine/index.ts — the engine core stays free of node: imports; callers import it by path.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { OracleJson } from './oracle-json.js';

/** Which collection a scenario comes from. */
export type ScenarioKind = 'scenario' | 'fstests' | 'quota' | 'enospc';

/** One recorded scenario: its script, its recording and what it needs of the engine. */
export interface OracleScenario {
  /** File name without `.sh`, e.g. `01-first-write-delalloc`, `fstests-xfs-213`, `q01-...`. */
  name: string;
  kind: ScenarioKind;
  scriptPath: string;
  /** The recording: `.json`, or `.json.gz` for the one too large to keep unpacked (loadRecording gunzips). */
  recordingPath: string;
  /**
   * Features from the `# needs:` header (`none` → []). Quota scenarios (recorded on a quota kernel)
   * always include `quota`, though their scripts have no such header.
   */
  needs: string[];
  /** fstests translations: the lines fstests' golden `.out` expects. */
  expectedPath?: string;
}

/** Where each kind keeps its scripts and recordings, relative to the oracle folder. */
const LAYOUT: readonly { kind: ScenarioKind; scripts: string; recorded: string }[] = [
  { kind: 'scenario', scripts: 'scenarios', recorded: 'recorded' },
  { kind: 'fstests', scripts: 'fstests', recorded: 'fstests/recorded' },
  { kind: 'quota', scripts: 'quota/scenarios', recorded: 'quota/recorded' },
  { kind: 'enospc', scripts: 'enospc', recorded: 'enospc/recorded' },
];

/** The `# needs:` list of a script's leading comment block (comma or blank separated). */
export function parseNeeds(script: string): string[] {
  const needs: string[] = [];
  for (const line of script.split('\n')) {
    if (!line.startsWith('#')) break; // the header is the leading comment block
    const m = /^#\s*needs:\s*(.*)$/.exec(line);
    if (m) needs.push(...m[1].split(/[\s,]+/).filter((w) => w !== '' && w !== 'none'));
  }
  return needs;
}

/**
 * Every scenario that has both a script and a recording, sorted by kind (as in LAYOUT) then name.
 * Scripts without a recording (none today) are left out: there is nothing to compare them with.
 */
export function listScenarios(oracleDir: string): OracleScenario[] {
  const out: OracleScenario[] = [];
  for (const { kind, scripts, recorded } of LAYOUT) {
    const dir = join(oracleDir, scripts);
    if (!existsSync(dir)) continue;
    const names = readdirSync(dir)
      .filter((f) => f.endsWith('.sh'))
      .map((f) => f.slice(0, -3))
      .sort();
    for (const name of names) {
      const recordingPath = [join(oracleDir, recorded, `${name}.json`), join(oracleDir, recorded, `${name}.json.gz`)].find(
        (p) => existsSync(p),
      );
      if (!recordingPath) continue;
      const scriptPath = join(dir, `${name}.sh`);
      const needs = parseNeeds(readFileSync(scriptPath, 'utf8'));
      if (kind === 'quota' && !needs.includes('quota')) needs.push('quota');
      const expectedPath = join(dir, `${name}.expected`);
      out.push({
        name,
        kind,
        scriptPath,
        recordingPath,
        needs,
        ...(existsSync(expectedPath) ? { expectedPath } : {}),
      });
    }
  }
  return out;
}

/** Reads a recording (`.json`, or `.json.gz` gunzipped). Throws if it is not a JSON object. */
export function loadRecording(path: string): OracleJson {
  const raw = readFileSync(path);
  const text = (path.endsWith('.gz') ? gunzipSync(raw) : raw).toString('utf8');
  const value: unknown = JSON.parse(text);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new Error(`${path}: not a JSON object`);
  }
  return value as OracleJson;
}
