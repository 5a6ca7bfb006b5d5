/**
 * `xfslab run SCRIPT`: run a lab script on a fresh simulated XFS and print what it printed, or the
 * run in the oracle recording format.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { runScript } from '../run/run-script.js';
import { runOracle } from '../run/oracle-json.js';
import { formatTraceEvent } from '../run/trace-format.js';
import { usage, type CliIo } from './cli-io.js';

/** Run the `run` command with its arguments; returns the exit status. */
export function runCommand(rest: string[], io: CliIo): number {
  let format = 'text';
  let trace = false;
  let seed = 0;
  let file: string | undefined;
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i];
    if (a === '--format') format = rest[++i] ?? '';
    else if (a.startsWith('--format=')) format = a.slice(9);
    else if (a === '--trace') trace = true;
    else if (a === '--seed') seed = Number(rest[++i]);
    else if (a.startsWith('--seed=')) seed = Number(a.slice(7));
    else if (a.startsWith('-')) return usage(io, `unknown option '${a}'`);
    else if (!file) file = a;
    else return usage(io, `unexpected argument '${a}'`);
  }
  if (!file) return usage(io, 'run needs a SCRIPT');
  if (format !== 'text' && format !== 'oracle-json') return usage(io, `--format must be text or oracle-json, not '${format}'`);
  if (!Number.isInteger(seed)) return usage(io, '--seed needs an integer');
  let script: string;
  try {
    script = readFileSync(file, 'utf8');
  } catch (e) {
    io.err(`xfslab: cannot read ${file}: ${(e as Error).message}\n`);
    return 1;
  }
  if (format === 'oracle-json') {
    const json = runOracle(script, basename(file).replace(/\.sh$/, ''), { seed });
    io.out(JSON.stringify(json, null, 1) + '\n');
    return 0;
  }
  const res = runScript(script, { seed, trace, steps: false });
  // A script that does not parse runs nothing: say where, once, as compilers do.
  if (res.error) io.err(`${file}:${res.error.line}:${res.error.col}: ${res.error.message}\n`);
  else io.out(res.output);
  if (res.limitExceeded) io.err(`xfslab: stopped: ${res.limitExceeded}\n`);
  if (trace) for (const e of res.trace) io.out(formatTraceEvent(e) + '\n');
  return res.exitCode;
}
