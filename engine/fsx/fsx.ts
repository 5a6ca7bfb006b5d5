/**
 * An fsx-style exerciser (after fstests' ltp/fsx.c, written anew): random writes, truncates,
 * fallocates, fsyncs, syncs and remounts on a few files, each checked against a plain byte-array
 * model and the invariant checker after every operation. Seeded and deterministic; a failing
 * sequence shrinks to the smallest one that still fails.
 */
import { Machine } from '../machine.js';
import { checkInvariants } from '../invariants.js';

/** One operation. */
export type FsxOp =
  | { op: 'write'; file: number; off: number; len: number; byte: number }
  | { op: 'truncate'; file: number; size: number }
  | { op: 'punch'; file: number; off: number; len: number }
  | { op: 'zero'; file: number; off: number; len: number }
  | { op: 'falloc'; file: number; off: number; len: number; keep: boolean }
  | { op: 'reflink'; file: number; src: number; soff: number; doff: number; len: number }
  | { op: 'dedupe'; file: number; src: number; soff: number; doff: number; len: number }
  | { op: 'unshare'; file: number; off: number; len: number }
  | { op: 'alwayscow'; on: boolean }
  | { op: 'chown'; file: number; uid: number; gid: number }
  | { op: 'chproj'; file: number; projid: number }
  | { op: 'fsync'; file: number }
  | { op: 'reopen'; file: number }
  | { op: 'sync' }
  | { op: 'remount' }
  | { op: 'sleep'; seconds: number };

/** Parameters of a run. */
export interface FsxOptions {
  seed: number;
  ops: number;
  files?: number;
  /** Largest file offset touched. */
  maxSize?: number;
  /** Largest single write/fallocate length (default 256 KiB). */
  maxLen?: number;
  /** Mix in reflink, dedupe, unshare and always_cow operations (default true). */
  cow?: boolean;
  /** mkfs.xfs size, e.g. "64m" (small filesystems make ENOSPC likely). */
  fsSize?: string;
  /** Mix in chown and project changes (runOps with `quota` then makes EDQUOT frequent). */
  quota?: boolean;
}

/** Owners of the quota runs: ids with small limits (setQuotaLimits) and root, never limited. */
const UIDS = [0, 1000, 1001];
const GIDS = [0, 2000];
const PROJIDS = [0, 42];

/** What went wrong, and where. */
export interface FsxFailure {
  index: number;
  op: FsxOp;
  message: string;
}

/** A small seeded PRNG (mulberry32): deterministic across platforms. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Generate `n` operations from a seed. */
export function generateOps(o: FsxOptions): FsxOp[] {
  const rnd = prng(o.seed);
  const files = o.files ?? 3;
  const max = o.maxSize ?? 1 << 20;
  const int = (n: number) => Math.floor(rnd() * n);
  // Offsets favour block boundaries but keep sub-block cases common.
  const off = () => (rnd() < 0.5 ? int(max / 4096) * 4096 : int(max));
  const len = () => (rnd() < 0.3 ? 1 + int(512) : 1 + int(Math.min(max / 4, o.maxLen ?? 256 * 1024)));
  const ops: FsxOp[] = [];
  const blocks = () => int(max / 4096);
  for (let i = 0; i < o.ops; i++) {
    const file = int(files);
    if (o.quota && rnd() < 0.06) {
      if (rnd() < 0.7) ops.push({ op: 'chown', file, uid: UIDS[int(UIDS.length)], gid: GIDS[int(GIDS.length)] });
      else ops.push({ op: 'chproj', file, projid: PROJIDS[int(PROJIDS.length)] });
      continue;
    }
    if ((o.cow ?? true) && rnd() < 0.2) {
      const r = rnd();
      const src = int(files);
      const len = (1 + int(64)) * 4096;
      if (r < 0.55) ops.push({ op: 'reflink', file, src, soff: blocks() * 4096, doff: blocks() * 4096, len });
      else if (r < 0.75) ops.push({ op: 'dedupe', file, src, soff: blocks() * 4096, doff: blocks() * 4096, len });
      else if (r < 0.97) ops.push({ op: 'unshare', file, off: off(), len: len });
      else ops.push({ op: 'alwayscow', on: rnd() < 0.5 });
      continue;
    }
    const r = rnd();
    if (r < 0.45) ops.push({ op: 'write', file, off: off(), len: len(), byte: 1 + int(255) });
    else if (r < 0.55) ops.push({ op: 'truncate', file, size: off() });
    else if (r < 0.6) ops.push({ op: 'punch', file, off: off(), len: len() });
    else if (r < 0.65) ops.push({ op: 'zero', file, off: off(), len: len() });
    else if (r < 0.7) ops.push({ op: 'falloc', file, off: off(), len: len(), keep: rnd() < 0.5 });
    else if (r < 0.8) ops.push({ op: 'fsync', file });
    else if (r < 0.9) ops.push({ op: 'reopen', file });
    else if (r < 0.95) ops.push({ op: 'sync' });
    else if (r < 0.98) ops.push({ op: 'remount' });
    else ops.push({ op: 'sleep', seconds: 1 + int(400) });
  }
  return ops;
}

/** Knobs of runOps beyond the filesystem shape: counters, and a hook to test the checker itself. */
export interface RunOpsOptions extends Pick<FsxOptions, 'files' | 'fsSize'> {
  /**
   * Mount with user, group and project quota and give the non-root ids small limits (hard
   * `quotaLimit` bytes, soft half of it, a 60 s grace), so writes hit EDQUOT (or ENOSPC for the
   * project) often; the checker then also compares every dquot with the inodes it is charged for.
   */
  quota?: boolean;
  /** Hard block limit of the quota runs, bytes (default 2 MiB). */
  quotaLimit?: number;
  /** Counts of operations that failed with ENOSPC/EDQUOT (filled in; `edquot` counts EDQUOT alone). */
  stats?: { enospc: number; ops: number; edquot?: number };
  /** Called after each operation, before the checks (tests use it to corrupt the machine). */
  afterOp?: (m: Machine, index: number) => void;
}

/** Run a sequence; returns the first failure or null. */
export function runOps(ops: FsxOp[], o: RunOpsOptions = {}): FsxFailure | null {
  const m = new Machine({ trace: false });
  m.mkfs(['-m', 'reflink=1', '-d', `size=${o.fsSize ?? '256m'}`]);
  const mountOpts = o.quota ? 'uquota,gquota,pquota' : '';
  m.mount(mountOpts);
  if (o.quota) setQuotaLimits(m, o.quotaLimit ?? 2 << 20);
  const nfiles = o.files ?? 3;
  const model: Uint8Array[] = Array.from({ length: nfiles }, () => new Uint8Array(0));
  const name = (f: number) => `f${f}`;
  const fds: number[] = Array.from({ length: nfiles }, (_, f) => m.open(name(f), { create: true }));
  const resize = (f: number, size: number) => {
    const a = new Uint8Array(size);
    a.set(model[f].subarray(0, Math.min(size, model[f].length)));
    model[f] = a;
  };
  for (let i = 0; i < ops.length; i++) {
    const op = ops[i];
    try {
      switch (op.op) {
        case 'write': {
          const n = m.pwrite(fds[op.file], op.off, op.len, { kind: 'pattern', byte: op.byte });
          if (op.off + n > model[op.file].length) resize(op.file, op.off + n);
          model[op.file].fill(op.byte, op.off, op.off + n);
          if (n < op.len && o.stats) o.stats.enospc++;
          break;
        }
        case 'truncate':
          m.ftruncate(fds[op.file], op.size);
          resize(op.file, op.size);
          break;
        case 'punch':
          m.fallocate(fds[op.file], 'punch', op.off, op.len);
          model[op.file].fill(0, op.off, Math.min(op.off + op.len, model[op.file].length));
          break;
        case 'zero':
          m.fallocate(fds[op.file], 'zero', op.off, op.len);
          if (op.off + op.len > model[op.file].length) resize(op.file, op.off + op.len);
          model[op.file].fill(0, op.off, op.off + op.len);
          break;
        case 'falloc':
          m.fallocate(fds[op.file], op.keep ? 'keep-size' : 'alloc', op.off, op.len);
          if (!op.keep && op.off + op.len > model[op.file].length) resize(op.file, op.off + op.len);
          break;
        case 'reflink': {
          // FICLONERANGE clamps to the source EOF; the length must then end at it.
          const srcSize = model[op.src].length;
          if (op.soff >= srcSize) break;
          const len = Math.min(op.len, srcSize - op.soff);
          if (op.src === op.file && Math.abs(op.soff - op.doff) < len) break;
          if (len % 4096 && op.doff + len < model[op.file].length) break;
          m.reflink(fds[op.src], fds[op.file], op.soff, op.doff, len);
          const bytes = model[op.src].slice(op.soff, op.soff + len);
          if (op.doff + len > model[op.file].length) resize(op.file, op.doff + len);
          model[op.file].set(bytes, op.doff);
          break;
        }
        case 'dedupe': {
          const srcSize = model[op.src].length;
          if (op.soff >= srcSize) break;
          const len = Math.min(op.len, srcSize - op.soff);
          if (op.src === op.file && Math.abs(op.soff - op.doff) < len) break;
          if (len % 4096 && op.doff + len < model[op.file].length) break;
          m.dedupe(fds[op.src], fds[op.file], op.soff, op.doff, len);
          break;
        }
        case 'unshare':
          m.fallocate(fds[op.file], 'unshare', op.off, op.len);
          if (op.off + op.len > model[op.file].length) resize(op.file, op.off + op.len);
          break;
        case 'alwayscow':
          m.writeSysctl('debug/always_cow', op.on ? '1' : '0');
          break;
        case 'chown':
          m.chown(name(op.file), op.uid, op.gid);
          break;
        case 'chproj':
          m.setFsxattr(fds[op.file], { projid: op.projid });
          break;
        case 'fsync':
          m.fsync(fds[op.file]);
          break;
        case 'reopen':
          m.close(fds[op.file]);
          fds[op.file] = m.open(name(op.file), {});
          break;
        case 'sync':
          m.sync();
          break;
        case 'remount':
          for (const fd of fds) m.close(fd);
          m.umount();
          m.mount(mountOpts);
          for (let f = 0; f < nfiles; f++) fds[f] = m.open(name(f), {});
          break;
        case 'sleep':
          m.sleep(op.seconds);
          break;
      }
    } catch (e) {
      const code = (e as { code?: string }).code;
      // A failed operation must change nothing it did not report: ENOSPC from a write that wrote
      // nothing, or from fallocate, leaves the model as it was.
      if (code !== 'ENOSPC' && code !== 'EDQUOT') return { index: i, op, message: `threw ${String(e)}` };
      if (o.stats) o.stats.enospc++;
      if (o.stats && code === 'EDQUOT') o.stats.edquot = (o.stats.edquot ?? 0) + 1;
      // A reflink stopped by EDQUOT/ENOSPC part way keeps the extents it already remapped (and the
      // size they reached): each byte of the range is the old one, the source's, or zero past EOF.
      if (op.op === 'reflink') {
        const f = op.file;
        const size = m.fstat(fds[f]).size;
        const old = model[f];
        if (size < old.length || size > Math.max(old.length, op.doff + op.len)) {
          return { index: i, op, message: `f${f} size ${size} after a failed reflink (was ${old.length})` };
        }
        if (size > old.length) resize(f, size);
        const end = Math.min(op.doff + op.len, size);
        if (end > op.doff) {
          const got = m.pread(fds[f], op.doff, end - op.doff);
          for (let b = 0; b < got.length; b++) {
            const at = op.doff + b;
            const src = model[op.src][op.soff + b] ?? 0;
            if (got[b] !== (at < old.length ? old[at] : 0) && got[b] !== src) {
              return { index: i, op, message: `f${f} byte ${at}: ${got[b]} after a failed reflink` };
            }
          }
          model[f].set(got, op.doff);
        }
      }
      // Punch and zero range unmap the whole blocks first and zero the partial ones after
      // (xfs_free_file_space, xfs_zero_file_space): a failure part way leaves each byte of the range
      // either as it was or zero — nothing else — and the model takes what the file now holds.
      if (op.op === 'zero' || op.op === 'punch') {
        const f = op.file;
        const end = Math.min(op.off + op.len, model[f].length);
        if (end > op.off) {
          const got = m.pread(fds[f], op.off, end - op.off);
          for (let b = 0; b < got.length; b++) {
            if (got[b] !== 0 && got[b] !== model[f][op.off + b]) {
              return { index: i, op, message: `f${f} byte ${op.off + b}: ${got[b]} after a failed ${op.op}, neither 0 nor ${model[f][op.off + b]}` };
            }
          }
          model[f].set(got, op.off);
        }
      }
    }
    if (o.stats) o.stats.ops++;
    o.afterOp?.(m, i);
    const v = checkInvariants(m.fs);
    if (v.length) return { index: i, op, message: `invariant: ${v[0].rule}: ${v[0].detail}` };
    // Sizes after every op; the bytes of the range the op touched, and every file in full every
    // 64 ops and at the end (full reads of every file after every op would dominate the run).
    const full = i % 64 === 63 || i === ops.length - 1 || op.op === 'remount';
    for (let f = 0; f < nfiles; f++) {
      const st = m.fstat(fds[f]);
      if (st.size !== model[f].length) return { index: i, op, message: `f${f} size ${st.size} != model ${model[f].length}` };
      let from = 0;
      let to = st.size;
      if (!full) {
        if (!('file' in op) || op.file !== f || !('off' in op)) continue;
        from = Math.max(0, op.off - 4096);
        to = Math.min(st.size, op.off + op.len + 4096);
        if (to <= from) continue;
      }
      const bad = compareBytes(m.pread(fds[f], from, to - from), model[f], from);
      if (bad !== null) return { index: i, op, message: `f${f} byte ${bad.at}: ${bad.got} != model ${bad.want}` };
    }
  }
  return null;
}

/** Limits of the quota runs: every non-root id of every type, soft at half the hard limit. */
function setQuotaLimits(m: Machine, hardBytes: number): void {
  const hard = Math.floor(hardBytes / 512);
  m.quotaSet('user', 0, { btimer: 60 });
  for (const uid of UIDS.slice(1)) m.quotaSet('user', uid, { blkHardlimit: hard, blkSoftlimit: hard / 2 });
  for (const gid of GIDS.slice(1)) m.quotaSet('group', gid, { blkHardlimit: hard * 2 });
  for (const prid of PROJIDS.slice(1)) m.quotaSet('project', prid, { blkHardlimit: hard * 2 });
}

function compareBytes(data: Uint8Array, model: Uint8Array, from: number): { at: number; got: number; want: number } | null {
  for (let b = 0; b < data.length; b++) {
    if (data[b] !== model[from + b]) return { at: from + b, got: data[b], want: model[from + b] };
  }
  return null;
}

/** Shrink a failing sequence: drop chunks, then single ops, while it still fails. */
export function shrink(ops: FsxOp[], o: Pick<RunOpsOptions, 'files' | 'fsSize' | 'quota' | 'quotaLimit'> = {}): FsxOp[] {
  let cur = ops;
  const fails = (s: FsxOp[]) => runOps(s, o) !== null;
  for (let chunk = Math.max(1, Math.floor(cur.length / 2)); chunk >= 1; chunk = Math.floor(chunk / 2)) {
    for (let i = 0; i < cur.length;) {
      const cand = cur.slice(0, i).concat(cur.slice(i + chunk));
      if (cand.length && fails(cand)) cur = cand;
      else i += chunk;
    }
    if (chunk === 1) break;
  }
  return cur;
}
