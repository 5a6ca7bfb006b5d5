/**
 * `npm run bench` (not a test): the oracle's performance workloads through the engine's full
 * write path (the shell, xfs_io, the syscall, iomap, delalloc), with tracing off and with trace
 * capture on, side by side with the real kernel's figures on this machine
 * (oracle/perf/results-*.txt); then per-op cost on a file with 1M extents against a 1-extent file,
 * and bytes per extent. `-- --json` prints the workload figures as JSON.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { Machine } from '../engine/index.js';
import { prepareMachine, runOnMachine } from '../engine/run/run-script.js';

// When bundled, import.meta.url points at the bundle: the oracle folder is found from the repo root.
const root = join(import.meta.dirname ?? dirname(fileURLToPath(import.meta.url)), '..');
const perf = join(root, 'oracle', 'perf');
const json = process.argv.includes('--json');
const log = (s: string) => {
  if (!json) process.stdout.write(s + '\n');
};

interface Figure {
  ops: number;
  seconds: number;
  ops_per_s: number;
}

function kernelFigures(file: string): Record<string, Figure> {
  const out: Record<string, Figure> = {};
  for (const line of readFileSync(join(perf, file), 'utf8').split('\n')) {
    const m = /^(\S+) ops=(\d+) seconds=([\d.]+) ops_per_s=(\d+)/.exec(line);
    if (m) out[m[1]] = { ops: +m[2], seconds: +m[3], ops_per_s: +m[4] };
  }
  return out;
}

const WORKLOADS: { name: string; ops: number; setup?: string }[] = [
  { name: 'seq-append-4k', ops: 65536 },
  { name: 'overwrite-4k', ops: 65536, setup: 'overwrite-4k.setup.sh' },
  { name: 'random-4k', ops: 16384 },
  { name: 'cow-4k', ops: 16384, setup: 'cow-4k.setup.sh' },
];

/** Run one workload on a fresh 1 GiB filesystem; returns the timed step's figures. */
function runOnce(name: string, ops: number, setup: string | undefined, trace: boolean): Figure {
  const header = '# mkfs: -m reflink=1 -d size=1g\n';
  const m = prepareMachine(header, { trace });
  if (name === 'overwrite-4k') runOnMachine(m, readFileSync(join(perf, 'seq-append-4k.sh'), 'utf8'), { steps: false, trace });
  if (setup) runOnMachine(m, readFileSync(join(perf, setup), 'utf8'), { steps: false, trace });
  m.sync();
  const script = readFileSync(join(perf, `${name}.sh`), 'utf8');
  const t0 = performance.now();
  const res = runOnMachine(m, script, { steps: false, trace });
  const seconds = (performance.now() - t0) / 1000;
  if (res.exitCode !== 0) throw new Error(`${name}: exit ${res.exitCode}: ${res.output}`);
  return { ops, seconds: +seconds.toFixed(4), ops_per_s: Math.round(ops / seconds) };
}

/**
 * One warm-up run (V8 compiles the hot path once per process: a long-running app pays it once),
 * then the median of three measured runs, as the kernel figures are medians of three.
 */
function runWorkload(name: string, ops: number, setup: string | undefined, trace: boolean): Figure {
  runOnce(name, ops, setup, trace);
  const runs = [0, 1, 2].map(() => runOnce(name, ops, setup, trace)).sort((a, b) => a.seconds - b.seconds);
  return runs[1];
}

const kNo = kernelFigures('results-notrace.txt');
const kTr = kernelFigures('results-trace.txt');
const result: Record<string, { notrace: Figure; trace: Figure } | { error: string }> = {};
log('workload          engine notrace   kernel notrace  ratio | engine trace   kernel trace  ratio');
for (const w of WORKLOADS) {
  try {
    const no = runWorkload(w.name, w.ops, w.setup, false);
    const tr = runWorkload(w.name, w.ops, w.setup, true);
    result[w.name] = { notrace: no, trace: tr };
    const r1 = kNo[w.name] ? (no.ops_per_s / kNo[w.name].ops_per_s).toFixed(2) : '-';
    const r2 = kTr[w.name] ? (tr.ops_per_s / kTr[w.name].ops_per_s).toFixed(2) : '-';
    log(`${w.name.padEnd(17)} ${String(no.ops_per_s).padStart(10)}/s ${String(kNo[w.name]?.ops_per_s ?? '-').padStart(12)}/s ${r1.padStart(6)} | ${String(tr.ops_per_s).padStart(10)}/s ${String(kTr[w.name]?.ops_per_s ?? '-').padStart(12)}/s ${r2.padStart(6)}`);
  } catch (e) {
    result[w.name] = { error: (e as Error).message };
    log(`${w.name.padEnd(17)} not run: ${(e as Error).message.split('\n')[0]}`);
  }
}

/** Per-op cost of 4 KiB overwrites on a file of `extents` extents (every other block written). */
function perOpCost(extents: number): { nsPerOp: number; bytesPerExtent: number } {
  const m = new Machine({ trace: false });
  m.mkfs(['-d', `size=${Math.max(1, Math.ceil((extents * 2 * 4096) / 2 ** 30) + 1)}g`]);
  m.mount('');
  const fd = m.open('f', { create: true });
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const before = process.memoryUsage().heapUsed;
  const src = { kind: 'pattern', byte: 0x61 } as const;
  for (let i = 0; i < extents; i++) m.pwrite(fd, i * 8192, 4096, src);
  m.fsync(fd);
  gc?.();
  const bytes = (process.memoryUsage().heapUsed - before) / extents;
  const n = 20000;
  let x = 12345;
  const t0 = performance.now();
  for (let i = 0; i < n; i++) {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    m.pwrite(fd, (x % extents) * 8192, 4096, src);
  }
  const ns = ((performance.now() - t0) * 1e6) / n;
  return { nsPerOp: Math.round(ns), bytesPerExtent: Math.round(bytes) };
}

const one = perOpCost(1);
const million = perOpCost(1_000_000);
log(`\nper-op cost of 4 KiB overwrites: 1 extent ${one.nsPerOp} ns, 1M extents ${million.nsPerOp} ns (ratio ${(million.nsPerOp / one.nsPerOp).toFixed(2)})`);
log(`memory per extent at 1M extents (whole engine state: fork, content runs, page-cache sets): ${million.bytesPerExtent} bytes${(globalThis as { gc?: unknown }).gc ? '' : ' (run with node --expose-gc for a steadier figure)'}`);
if (json) process.stdout.write(JSON.stringify({ ...result, 'extents-1m': { one, million } }, null, 1) + '\n');
