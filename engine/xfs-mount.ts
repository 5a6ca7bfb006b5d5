/**
 * The mount and its geometry (struct xfs_mount / xfs_sb): mkfs options → geometry, the free-block
 * counter with its reserve pool and set-aside (fs/xfs/xfs_mount.c: xfs_dec_freecounter,
 * xfs_add_freecounter), low-space thresholds, and mount options.
 */
import { XfsError } from './xfs-errors.js';
import { hex, type Tracer } from './xfs-trace.js';
import { newStats, type XfsStats } from './xfs-stats.js';

/** mkfs.xfs options the engine understands. */
export interface MkfsOptions {
  blocksize: number;
  dblocks: number;
  agcount: number;
  reflink: boolean;
  /** nrext64 changes the bmbt height (and so indlen); mkfs 6.1 defaults to 0. */
  nrext64: boolean;
}

/** Mount options (mount -o). */
export interface MountOptions {
  /** allocsize= in bytes, or 0 when not given. */
  allocsize: number;
  uquota: boolean;
  gquota: boolean;
  pquota: boolean;
  /** quota accounting without enforcement (qnoenforce and friends). */
  uenforce: boolean;
  genforce: boolean;
  penforce: boolean;
  /** The text as given, for /proc/mounts-like displays. */
  text: string;
}

const KiB = 1024;
const MiB = 1024 * KiB;
const GiB = 1024 * MiB;

/** Parse a mkfs/mount size like 256m, 64k, 1g, 4096 (bytes). */
export function parseSize(text: string, blocksize = 4096): number {
  const m = /^(\d+)([kmgtbs]?)$/i.exec(text.trim());
  if (!m) throw new XfsError('EINVAL', 'parse', text);
  const n = Number(m[1]);
  switch (m[2].toLowerCase()) {
    case 'k': return n * KiB;
    case 'm': return n * MiB;
    case 'g': return n * GiB;
    case 't': return n * 1024 * GiB;
    case 'b': return n * blocksize;
    case 's': return n * 512;
    default: return n;
  }
}

/**
 * mkfs.xfs's defaults for the AG count and log size, as xfsprogs 6.1 chose them for the recorded
 * filesystems (single disk, 4 KiB blocks): 2 AGs below 64 MiB, else 4; a 1368-block log below
 * 300 MiB, else 64 MiB (see oracle mkfs_output).
 */
function defaultAgcount(bytes: number): number {
  return bytes < 64 * MiB ? 2 : 4;
}

function defaultLogBlocks(bytes: number, blocksize: number): number {
  return bytes < 300 * MiB ? 1368 : Math.min((64 * MiB) / blocksize, Math.floor(bytes / blocksize / 4));
}

/** Parse `mkfs.xfs` arguments (-b size=, -d size=, -d agcount=, -m reflink=, -i ..., -f, -q). */
export function parseMkfsOptions(args: readonly string[]): MkfsOptions {
  let blocksize = 4096;
  let bytes = 256 * MiB;
  let agcount = 0;
  let reflink = true;
  let nrext64 = false;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '-f' || a === '-q' || a === '-K') continue;
    if (/^-[bdmilnrs]$/.test(a)) {
      const value = args[++i] ?? '';
      for (const kv of value.split(',')) {
        const [k, v = ''] = kv.split('=');
        if (a === '-b' && k === 'size') blocksize = parseSize(v);
        else if (a === '-d' && k === 'size') bytes = parseSize(v, blocksize);
        else if (a === '-d' && k === 'agcount') agcount = Number(v);
        else if (a === '-m' && k === 'reflink') reflink = v !== '0';
        else if (a === '-i' && k === 'nrext64') nrext64 = v !== '0';
      }
      continue;
    }
    // the device argument (ignored: there is one scratch device)
  }
  if (![512, 1024, 2048, 4096, 8192, 16384, 32768, 65536].includes(blocksize)) {
    throw new XfsError('EINVAL', 'mkfs', `block size ${blocksize}`);
  }
  const dblocks = Math.floor(bytes / blocksize);
  return { blocksize, dblocks, agcount: agcount || defaultAgcount(bytes), reflink, nrext64 };
}

/** Parse `mount -o` text. */
export function parseMountOptions(text: string): MountOptions {
  const o: MountOptions = {
    allocsize: 0, uquota: false, gquota: false, pquota: false,
    uenforce: false, genforce: false, penforce: false, text,
  };
  for (const opt of text.split(',').map((s) => s.trim()).filter(Boolean)) {
    const [k, v] = opt.split('=');
    switch (k) {
      case 'allocsize': {
        const n = parseSize(v);
        if (n < 4096 || n > GiB || (n & (n - 1)) !== 0) throw new XfsError('EINVAL', 'mount', opt);
        o.allocsize = n;
        break;
      }
      case 'uquota': case 'usrquota': case 'quota': o.uquota = o.uenforce = true; break;
      case 'uqnoenforce': case 'qnoenforce': o.uquota = true; break;
      case 'gquota': case 'grpquota': o.gquota = o.genforce = true; break;
      case 'gqnoenforce': o.gquota = true; break;
      case 'pquota': case 'prjquota': o.pquota = o.penforce = true; break;
      case 'pqnoenforce': o.pquota = true; break;
      default: break; // rw, relatime, inode64, ... have no effect on the model
    }
  }
  return o;
}

/**
 * Per-AG metadata reservation (refcount + finobt btrees, libxfs/xfs_ag_resv.c) taken from fdblocks
 * at mount. Calibrated on the recorded filesystems' initial f_bavail; other sizes are estimated.
 */
function agResvBlocks(agblocks: number, agcount: number): number {
  const known: Record<string, number> = { '4096x2': 42, '16384x4': 434, '20480x4': 443, '32768x4': 786 };
  return known[`${agblocks}x${agcount}`] ?? Math.round(agblocks * 0.0066) * agcount;
}

/** The mount: geometry, counters and options. */
export class XfsMount {
  readonly blocksize: number;
  readonly blocklog: number;
  readonly dblocks: number;
  readonly agcount: number;
  readonly agblocks: number;
  readonly agblklog: number;
  readonly logblocks: number;
  readonly reflink: boolean;
  readonly inodesize = 512;
  readonly sectsize = 512;
  /** m_bmap_dmxr: bmbt records per block (leaf and node are equal on v5). */
  readonly bmapDmxr: number;
  readonly bmMaxLevels: number;
  /** m_allocsize_log / m_allocsize_blocks. */
  allocsizeLog: number;
  allocsizeBlocks: number;
  /** Whether allocsize= was given (xfs_has_allocsize). */
  hasAllocsize: boolean;
  /** m_low_space[0..4]: 1%..5% of dblocks. */
  readonly lowSpace: number[];
  /** m_alloc_set_aside: agcount * 8. */
  readonly setAside: number;
  /** The in-core free-block counter (m_free[XC_FREE_BLOCKS]). */
  fdblocks = 0;
  /** Reserve pool (xfs_reserve_blocks). */
  resTotal = 0;
  resAvail = 0;
  /** m_delalloc_blks: delalloc blocks plus their indlen, fs wide. */
  delallocBlks = 0;
  /** Per-AG reservations taken out of fdblocks at mount. */
  agResv = 0;
  options: MountOptions;
  /** m_stats: the counters of /proc/fs/xfs/stat for this mount. */
  readonly stats: XfsStats = newStats();

  constructor(
    readonly mkfs: MkfsOptions,
    options: MountOptions,
    private readonly tracer: Tracer,
  ) {
    this.blocksize = mkfs.blocksize;
    this.blocklog = Math.log2(mkfs.blocksize);
    this.dblocks = mkfs.dblocks;
    this.agcount = mkfs.agcount;
    this.agblocks = Math.ceil(mkfs.dblocks / mkfs.agcount);
    this.agblklog = Math.ceil(Math.log2(this.agblocks));
    this.logblocks = defaultLogBlocks(mkfs.dblocks * mkfs.blocksize, mkfs.blocksize);
    this.reflink = mkfs.reflink;
    this.bmapDmxr = Math.floor((mkfs.blocksize - 72) / 16);
    this.bmMaxLevels = computeBmMaxLevels(this.bmapDmxr, mkfs.nrext64);
    const onepct = Math.floor(this.dblocks / 100);
    this.lowSpace = [1, 2, 3, 4, 5].map((i) => onepct * i);
    this.setAside = this.agcount * 8;
    this.options = options;
    this.allocsizeLog = 16;
    this.allocsizeBlocks = 0;
    this.hasAllocsize = false;
    this.applyOptions(options);
  }

  /** Apply mount options (at mount and remount). */
  applyOptions(options: MountOptions): void {
    this.options = options;
    this.hasAllocsize = options.allocsize > 0;
    this.allocsizeLog = Math.max(this.hasAllocsize ? Math.log2(options.allocsize) : 16, this.blocklog);
    this.allocsizeBlocks = 1 << (this.allocsizeLog - this.blocklog);
  }

  /** Called by the superblock code once the AG free space is known: set up fdblocks and pools. */
  initCounters(freeBlocks: number): void {
    this.fdblocks = freeBlocks;
    this.agResv = Math.min(agResvBlocks(this.agblocks, this.agcount), this.fdblocks);
    this.fdblocks -= this.agResv;
    // xfs_default_resblks: 5% or 8192 blocks, whichever is smaller.
    const want = Math.min(Math.floor(this.dblocks / 20), 8192);
    const take = Math.max(0, Math.min(want, this.fdblocks - this.setAside));
    this.fdblocks -= take;
    this.resTotal = want;
    this.resAvail = take;
  }

  /** B_TO_FSBT: bytes → blocks, rounding down. */
  bToFsbt(b: number): number {
    return Math.floor(b / this.blocksize);
  }

  /** B_TO_FSB: bytes → blocks, rounding up. */
  bToFsb(b: number): number {
    return Math.ceil(b / this.blocksize);
  }

  /** FSB_TO_B. */
  fsbToB(f: number): number {
    return f * this.blocksize;
  }

  /** fsblock number of (agno, agbno). */
  agbToFsb(agno: number, agbno: number): number {
    return agno * 2 ** this.agblklog + agbno;
  }

  /** agno of an fsblock number. */
  fsbToAgno(fsb: number): number {
    return Math.floor(fsb / 2 ** this.agblklog);
  }

  /** agbno of an fsblock number. */
  fsbToAgbno(fsb: number): number {
    return fsb % 2 ** this.agblklog;
  }

  /** 512-byte disk address of an fsblock (daddr). */
  fsbToDaddr(fsb: number): number {
    return (this.fsbToAgno(fsb) * this.agblocks + this.fsbToAgbno(fsb)) * (this.blocksize / 512);
  }

  /**
   * xfs_dec_fdblocks: take `delta` blocks; fails with ENOSPC when the counter would drop below the
   * set-aside, unless `rsvd` lets the reserve pool cover it.
   */
  decFdblocks(delta: number, rsvd: boolean, caller = 'xfs_bmapi_reserve_delalloc'): void {
    if (this.fdblocks - delta >= this.setAside) {
      this.fdblocks -= delta;
      return;
    }
    if (rsvd && delta <= this.resAvail) {
      this.resAvail -= delta;
      return;
    }
    if (this.tracer.on('xfs_freecounter_enospc')) {
      this.tracer.emit('xfs_freecounter_enospc', {
        ctr: 'blocks', delta: String(delta), avail: String(this.resAvail), total: String(this.resTotal), caller,
      });
    }
    throw new XfsError('ENOSPC');
  }

  /** xfs_add_fdblocks: return blocks, refilling the reserve pool first. */
  addFdblocks(delta: number): void {
    if (this.resAvail < this.resTotal) {
      const used = this.resTotal - this.resAvail;
      if (used > delta) {
        this.resAvail += delta;
        return;
      }
      delta -= used;
      this.resAvail = this.resTotal;
    }
    this.fdblocks += delta;
  }

  /** Blocks statfs reports as free (f_bfree / f_bavail). */
  freeForStatfs(): number {
    return Math.max(0, this.fdblocks - this.setAside);
  }

  /** Trace helper for the `xfs_blockgc_*` mount-class events. */
  mountClassFields(caller: string): Record<string, string> {
    return { m_features: hex(0), opstate: '(blockgc)', s_flags: hex(0x70000000), caller };
  }
}

/** xfs_bmap_compute_maxlevels for the data fork. */
function computeBmMaxLevels(dmxr: number, nrext64: boolean): number {
  const dmnr = Math.floor(dmxr / 2);
  const maxleafents = nrext64 ? 2 ** 48 - 1 : 2 ** 31 - 1;
  const maxrootrecs = 3;
  let maxblocks = Math.ceil(maxleafents / dmnr);
  let level = 1;
  while (maxblocks > 1) {
    maxblocks = maxblocks <= maxrootrecs ? 1 : Math.ceil(maxblocks / dmnr);
    level++;
  }
  return level;
}

/** xfs_bmap_worst_indlen: worst-case bmbt blocks to map `len` blocks. */
export function worstIndlen(mp: XfsMount, len: number): number {
  let maxrecs = mp.bmapDmxr;
  let rval = 0;
  for (let level = 0; level < mp.bmMaxLevels; level++) {
    len = Math.ceil(len / maxrecs);
    rval += len;
    if (len === 1) return rval + mp.bmMaxLevels - level - 1;
  }
  return rval;
}
