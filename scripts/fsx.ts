/**
 * `npm run fsx -- [--ops N] [--seed S] [--fs-size 256m] [--max-size BYTES] [--max-len BYTES]
 * [--quota [--quota-limit BYTES]]`: run the fsx-style exerciser for any number of operations (with
 * --quota: user/group/project quota, chown and project changes, small limits); on a failure, print
 * the smallest failing sequence. Exit status 1 on failure.
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
const quota = args.includes('--quota');
const quotaLimit = Number(opt('--quota-limit', String(2 << 20)));
const stats = { enospc: 0, ops: 0, edquot: 0 };
const t0 = Date.now();
const seq = generateOps({ seed, ops, maxSize, maxLen, quota });
const failure = runOps(seq, { fsSize, stats, quota, quotaLimit });
const secs = ((Date.now() - t0) / 1000).toFixed(1);
if (!failure) {
  process.stdout.write(`fsx: ${stats.ops} operations (seed ${seed}, ${fsSize}), ${stats.enospc} ENOSPC/EDQUOT (${stats.edquot} EDQUOT), no mismatch, no invariant violation (${secs} s)\n`);
} else {
  process.stdout.write(`fsx: FAILED at operation ${failure.index}: ${failure.message}\nshrinking...\n`);
  const small = shrink(seq.slice(0, failure.index + 1), { fsSize, quota, quotaLimit });
  process.stdout.write(`smallest failing sequence (${small.length} ops):\n${small.map((o) => JSON.stringify(o)).join('\n')}\n`);
  process.exitCode = 1;
}
