/**
 * `npm run fsx -- [--ops N] [--seed S] [--fs-size 256m] [--max-size BYTES] [--max-len BYTES]`: run
 * the fsx-style exerciser for any number of operations; on a failure, print the smallest failing
 * sequence. Exit status 1 on failure.
 */
import { generateOps, runOps, shrink } from '../engine/fsx/fsx.js';

const args = process.argv.slice(2);
const opt = (name: string, def: string) => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] ? args[i + 1] : def;
};
const ops = Number(opt('--ops', '10000'));
const seed = Number(opt('--seed', '1'));
const fsSize = opt('--fs-size', '256m');
const maxSize = Number(opt('--max-size', String(1 << 20)));
const maxLen = Number(opt('--max-len', String(256 * 1024)));
const stats = { enospc: 0, ops: 0 };
const t0 = Date.now();
const seq = generateOps({ seed, ops, maxSize, maxLen });
const failure = runOps(seq, { fsSize, stats });
const secs = ((Date.now() - t0) / 1000).toFixed(1);
if (!failure) {
  process.stdout.write(`fsx: ${stats.ops} operations (seed ${seed}, ${fsSize}), ${stats.enospc} ENOSPC/EDQUOT, no mismatch, no invariant violation (${secs} s)\n`);
} else {
  process.stdout.write(`fsx: FAILED at operation ${failure.index}: ${failure.message}\nshrinking...\n`);
  const small = shrink(seq.slice(0, failure.index + 1), { fsSize });
  process.stdout.write(`smallest failing sequence (${small.length} ops):\n${small.map((o) => JSON.stringify(o)).join('\n')}\n`);
  process.exitCode = 1;
}
