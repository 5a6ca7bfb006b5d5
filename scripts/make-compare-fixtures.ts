/**
 * Dev tool: regenerates the Python-parity fixtures of the TypeScript comparator
 * (engine/conformance/__tests__/fixtures/compare-python/*.json) and can fuzz the port against Python.
 *
 *   npx tsx scripts/make-compare-fixtures.ts            # rewrite the fixtures
 *   npx tsx scripts/make-compare-fixtures.ts --fuzz 300 # also compare TS and Python on 300 random pairs
 *   options: --compare-engine PATH (default ../shared/oracle/tools/lib/compare_engine.py), --seed N
 *
 * For each small base recording (oracle/recorded/01, 07, 08, 11, 20, 27, 28) and each mutation of the
 * catalogue (engine/conformance/__tests__/mutations.ts) that applies, it writes EXPECTED and ACTUAL to
 * temporary files, runs `python3 compare_engine.py EXPECTED ACTUAL --json` and stores the pair with
 * Python's verdicts (`python`), plus `pythonFixed` where the comparator's coalesce bug changes the
 * result (see FIXED_DRIVER). One fixture file per base: the base (fields the comparator never reads stripped),
 * then per case the edits that make EXPECTED and ACTUAL from it (json-patch.ts) and Python's result.
 * The test (compare-python.test.ts) rebuilds the pairs and checks the port says the same.
 *
 * This script needs ../shared (the Python comparator) and python3; the tests do not.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compareRecording, type ComparisonResult } from '../engine/conformance/compare.js';
import { listScenarios, loadRecording } from '../engine/conformance/load.js';
import type { OracleJson } from '../engine/conformance/oracle-json.js';
import { applyPatch, diffJson, type Json } from '../engine/conformance/__tests__/json-patch.js';
import { MUTATIONS } from '../engine/conformance/__tests__/mutations.js';
import { prng } from '../engine/fsx/fsx.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const ORACLE = join(ROOT, 'oracle');
const OUT = join(ROOT, 'engine/conformance/__tests__/fixtures/compare-python');
/** Small recordings, and 20 for completion windows with CoW remaps (physical fields in windows). */
const BASES = ['01-first-write-delalloc', '07-write-into-hole', '08-subblock-rmw-overwrite', '11-write-beyond-eof-gap',
  '27-falloc-then-write', '28-extsize-hint', '20-reflink-cp-overwrite'];
/** Mutations worth storing for the big base 20 (the others are covered by the small bases). */
const BIG_BASE_MUTATIONS = new Set(['identity', 'completion-reordered', 'completion-range-changed',
  'completion-moved-window', 'completion-startblock-changed', 'ino-renamed', 'trace-startblock-changed']);

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(name);
  return i >= 0 && i + 1 < process.argv.length ? process.argv[i + 1] : fallback;
}

const COMPARE_ENGINE = resolve(arg('--compare-engine', join(ROOT, '../shared/oracle/tools/lib/compare_engine.py')));

/** The recording without what compare_engine.py never reads (keeps the fixtures small). */
function strip(rec: OracleJson): OracleJson {
  const r = structuredClone(rec) as OracleJson & Record<string, unknown>;
  for (const k of ['description', 'mkfs_output', 'kernel', 'guest']) delete r[k];
  for (const st of Object.values(r.state)) {
    if (!st) continue;
    delete st.freesp_text;
    delete st.quota_report_text;
    delete st.quota_state_text;
    for (const f of Object.values(st.files)) {
      const file = f as unknown as Record<string, unknown>;
      for (const k of ['bmap', 'bmap_text', 'fsxattr', 'cow_fork']) delete file[k];
    }
  }
  return r;
}

/**
 * compare_engine.py with its one known bug fixed: `coalesce` compares `out[-1][2:]` (a list) with
 * `e[2:]` (a tuple for data-fork entries), which is never equal in Python, so data forks are never
 * coalesced and an extent split fails T2 — against the docstring ("T2 therefore compares the coalesced
 * map; the exact split is checked at T3"). The TypeScript port follows the docstring; this variant,
 * which feeds coalesce lists, is what it must equal.
 */
const FIXED_DRIVER = `
import json, os, sys
sys.path.insert(0, os.path.dirname(sys.argv[1]))
import compare_engine as ce
_coalesce = ce.coalesce
ce.coalesce = lambda entries: _coalesce([list(e) for e in entries])
json.dump(ce.compare(ce.load(sys.argv[2]), ce.load(sys.argv[3])), sys.stdout, indent=1)
`;

/** `compare_engine.py EXPECTED ACTUAL --json` (or the fixed variant) on temporary files. */
function runPython(expected: OracleJson, actual: OracleJson, tmp: string, fixed = false): ComparisonResult {
  const pe = join(tmp, 'expected.json');
  const pa = join(tmp, 'actual.json');
  writeFileSync(pe, JSON.stringify(expected));
  writeFileSync(pa, JSON.stringify(actual));
  const argv = fixed ? ['-c', FIXED_DRIVER, COMPARE_ENGINE, pe, pa] : [COMPARE_ENGINE, pe, pa, '--json'];
  const r = spawnSync('python3', argv, { encoding: 'utf8', maxBuffer: 1 << 28 });
  if (r.status !== 0) throw new Error(`compare_engine.py failed (${r.status}): ${r.stderr}`);
  return JSON.parse(r.stdout) as ComparisonResult;
}

function sameResult(a: ComparisonResult, b: ComparisonResult): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function makeFixtures(tmp: string): void {
  mkdirSync(OUT, { recursive: true });
  for (const f of readdirSync(OUT)) if (f.endsWith('.json')) rmSync(join(OUT, f));
  let cases = 0;
  for (const base of BASES) {
    const rec = strip(loadRecording(join(ORACLE, 'recorded', `${base}.json`)));
    const stored = [];
    for (const m of MUTATIONS) {
      if (base.startsWith('20-') && !BIG_BASE_MUTATIONS.has(m.name)) continue;
      const pair = m.apply(rec);
      if (!pair) continue;
      const python = runPython(pair.expected, pair.actual, tmp);
      const fixed = runPython(pair.expected, pair.actual, tmp, true);
      const pythonFixed = sameResult(python, fixed) ? undefined : fixed;
      const expected = diffJson(rec as unknown as Json, pair.expected as unknown as Json);
      const actual = diffJson(rec as unknown as Json, pair.actual as unknown as Json);
      for (const [ops, want] of [[expected, pair.expected], [actual, pair.actual]] as const) {
        if (JSON.stringify(applyPatch(rec as unknown as Json, ops)) !== JSON.stringify(want)) {
          throw new Error(`${base} ${m.name}: patch does not rebuild the pair`);
        }
      }
      const ts = compareRecording(pair.expected, pair.actual);
      const verdict = (r: ComparisonResult): string => [r.t1, r.t2, r.t3].map((t) => (t ? 'ok' : 'FAIL')).join(' ');
      const bug = pythonFixed ? `   (coalesce bug; fixed: ${verdict(fixed)})` : '';
      const note = sameResult(ts, fixed) ? '' : '   <-- TS differs: ' + verdict(ts);
      console.log(`${base.padEnd(30)} ${m.name.padEnd(30)} python ${verdict(python)}${bug}${note}`);
      stored.push({ mutation: m.name, description: m.description, expected, actual, python, pythonFixed });
      cases++;
    }
    const fixture = { base: `oracle/recorded/${base}.json (stripped)`, recording: rec, cases: stored };
    writeFileSync(join(OUT, `${base}.json`), JSON.stringify(fixture, null, 1) + '\n');
  }
  console.log(`${cases} cases in ${BASES.length} fixture files under ${OUT}`);
}


/** One random edit of a recording (trace, output or state), for fuzzing. */
function randomEdit(r: OracleJson, rnd: () => number): void {
  const pick = <T>(xs: T[]): T | undefined => (xs.length ? xs[Math.floor(rnd() * xs.length)] : undefined);
  const kind = Math.floor(rnd() * 8);
  const t = r.trace;
  const i = Math.floor(rnd() * t.length);
  if (kind === 0 && t.length) t.splice(i, 1);
  else if (kind === 1 && t.length > 1) {
    const j = Math.min(t.length - 1, i + 1 + Math.floor(rnd() * 3));
    [t[i], t[j]] = [t[j], t[i]];
  } else if (kind === 2 && t.length) {
    const k = pick(Object.keys(t[i].fields));
    const v = k === undefined ? undefined : t[i].fields[k];
    if (k !== undefined && v !== undefined) t[i].fields[k] = /^0x[0-9a-f]+$/.test(v) ? '0x' + (BigInt(v) + 1n).toString(16) : v + 'x';
  } else if (kind === 3 && t.length) t.splice(i, 0, structuredClone(t[i]));
  else if (kind === 4 && t.length) t[i].ctx = t[i].ctx === 'kworker' ? 'xfs_io' : 'kworker';
  else if (kind === 5 && r.output.length) {
    const j = Math.floor(rnd() * r.output.length);
    r.output[j] = r.output[j].replace(/\d/, (d) => String((Number(d) + 1) % 10));
  } else if (kind === 6) {
    const st = pick([r.state.final, r.state.after_sync, r.state.after_remount]);
    const f = st && pick(Object.keys(st.files));
    const fork = st && f ? st.files[f].data_fork : undefined;
    if (fork && fork.length) {
      const e = pick(fork);
      if (e) e.block_bb += 8;
    }
  } else if (kind === 7 && r.output.length) r.output.splice(Math.floor(rnd() * r.output.length), 1);
}

/** Compares TS and (fixed) Python on random multi-edit mutations of every recording; exit 1 on a mismatch. */
function fuzz(n: number, seed: number, tmp: string): void {
  const rnd = prng(seed);
  const recs = listScenarios(ORACLE).filter((s) => !s.recordingPath.endsWith('.gz'));
  let bad = 0;
  for (let k = 0; k < n; k++) {
    const s = recs[Math.floor(rnd() * recs.length)];
    const expected = loadRecording(s.recordingPath);
    const actual = structuredClone(expected);
    const edits = 1 + Math.floor(rnd() * 3);
    for (let e = 0; e < edits; e++) randomEdit(actual, rnd);
    const py = runPython(expected, actual, tmp, true);
    const ts = compareRecording(expected, actual);
    if (!sameResult(ts, py)) {
      bad++;
      const f = join(tmp, `mismatch-${k}.json`);
      writeFileSync(f, JSON.stringify({ scenario: s.name, ts, py }, null, 1));
      console.log(`MISMATCH #${k} ${s.name}: see ${f}`);
    }
  }
  console.log(`fuzz: ${n - bad}/${n} identical (seed ${seed})`);
  if (bad) process.exitCode = 1;
}

const tmp = mkdtempSync(join(tmpdir(), 'xfslab-compare-'));
makeFixtures(tmp);
const nFuzz = Number(arg('--fuzz', '0'));
if (nFuzz > 0) fuzz(nFuzz, Number(arg('--seed', '1')), tmp);
if (!process.exitCode) rmSync(tmp, { recursive: true, force: true });
