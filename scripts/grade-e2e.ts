// npm run grade:e2e -- <submissions...> [--assignments dir] [--shard i/n] [--format json|gradescope|junit|csv|table] [--out file]
// npm run grade:e2e -- --merge <shard.json...> [--format ...] [--out file]
// Grades submission files through the app itself: a Playwright project (e2e/grade/) opens each
// one in the web version, presses Grade and reads the report from the page. The reports are
// written in the same formats as `xfslab grade` (the same renderer). A shard writes its part; the
// shards' --format json outputs are merged with --merge.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { collectSubmissions, renderReports } from '../engine/cli/grade-command';
import type { GradeReport } from '../engine/index';

type Entry = { file: string; report: GradeReport };
const FORMATS = ['table', 'json', 'gradescope', 'junit', 'csv'] as const;
const ROOT = path.resolve(import.meta.dirname, '..');

function parse(argv: string[]): { rest: string[]; opts: Record<string, string>; merge: boolean } {
  const rest: string[] = [];
  const opts: Record<string, string> = {};
  let merge = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--merge') merge = true;
    else if (a.startsWith('--')) {
      const [k, v] = a.includes('=') ? [a.slice(2, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a.slice(2), argv[++i]];
      if (v === undefined) throw new Error(`${a} needs a value`);
      opts[k] = v;
    } else rest.push(a);
  }
  return { rest, opts, merge };
}

function gradeInApp(files: string[], assignments: string, shard: string | undefined): Entry[] {
  const results = mkdtempSync(path.join(os.tmpdir(), 'xfslab-grade-e2e-'));
  try {
    const args = ['playwright', 'test', '-c', path.join(ROOT, 'e2e', 'grade', 'grade.config.ts'), ...(shard ? ['--shard', shard] : [])];
    const r = spawnSync('npx', args, {
      cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'],
      env: { ...process.env, XFSLAB_GRADE_FILES: JSON.stringify(files.map((f) => path.resolve(f))), XFSLAB_GRADE_ASSIGNMENTS: path.resolve(assignments), XFSLAB_GRADE_RESULTS: results },
    });
    const entries = readdirSync(results).sort().map((n) => JSON.parse(readFileSync(path.join(results, n), 'utf8')) as Entry);
    const byAbs = new Map(files.map((f) => [path.resolve(f), f]));
    if (r.status !== 0) process.stderr.write(`grade:e2e: some submissions could not be graded in the app (Playwright exit ${r.status})\n`);
    return entries.map((e) => ({ file: byAbs.get(e.file) ?? e.file, report: e.report }));
  } finally {
    rmSync(results, { recursive: true, force: true });
  }
}

function main(): number {
  const { rest, opts, merge } = parse(process.argv.slice(2));
  const format = (opts['format'] ?? 'table') as (typeof FORMATS)[number];
  if (!FORMATS.includes(format)) throw new Error(`--format must be one of ${FORMATS.join(', ')}`);
  let entries: Entry[];
  if (merge) {
    entries = rest.flatMap((f) => JSON.parse(readFileSync(f, 'utf8')) as Entry[]);
    entries.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  } else {
    const { files, missing } = collectSubmissions(rest);
    if (missing.length) throw new Error(`no such file or folder: ${missing.join(', ')}`);
    if (!files.length) throw new Error('no submission files (*.xfslab.json) given');
    entries = gradeInApp(files, opts['assignments'] ?? path.join(ROOT, 'assignments'), opts['shard']);
  }
  if (format === 'gradescope' && entries.length !== 1) throw new Error(`--format gradescope describes one submission; got ${entries.length}`);
  const text = renderReports(format, entries);
  if (opts['out']) writeFileSync(opts['out'], text);
  else process.stdout.write(text);
  return 0;
}

try {
  process.exitCode = main();
} catch (e) {
  process.stderr.write(`grade:e2e: ${(e as Error).message}\n`);
  process.exitCode = 2;
}
