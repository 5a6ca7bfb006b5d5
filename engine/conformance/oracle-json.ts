/**
 * The recording format of the real-kernel oracle (oracle/README.md): what one scenario printed, traced
 * and left on disk. The engine's run/ layer writes the same shape, so a run and a recording can be
 * graded by compare.ts. Field names are the recorder's (snake_case) on purpose: these objects are
 * read from and written to JSON unchanged.
 */

/** One ftrace event of the scratch device. */
export interface OracleTraceEvent {
  /** Tracepoint name, e.g. `xfs_iomap_alloc` (or `iomap_iter` for iomap: events). */
  event: string;
  /** The task that fired it: `xfs_io`, `cp`, `sync`, `kworker`, ... Never compared, used to classify. */
  ctx: string;
  /**
   * The printed fields, values as printed (hex keeps `0x`). Keys are the words before each value
   * (`prealloc blocks` → `prealloc_blocks`); `ino` is the path relative to the mount (`.` = root,
   * `ino#N` if unknown). Key order is the print order and matters at T2.
   */
  fields: Record<string, string>;
}

/** Extent kinds of `data_fork` (read with GETBMAPX without flushing). */
export type OracleExtentKind = 'hole' | 'delalloc' | 'unwritten' | 'written';

/** One data-fork extent, in 512-byte units. */
export interface OracleDataForkExtent {
  offset_bb: number;
  /** Disk address in 512-byte units (physical: compared at T3 only); -1 for a hole, -2 for delalloc (GETBMAPX). */
  block_bb: number;
  length_bb: number;
  /** BMV_OF_* flags of GETBMAPX (1 prealloc, 2 delalloc, 4 last, 8 shared). */
  oflags: number;
  kind: OracleExtentKind;
  shared: boolean;
}

/** One parsed line of `xfs_io -c "bmap -elpv"`. Hole and delalloc lines have no AG columns. */
export interface OracleBmapEntry {
  off_bb: number;
  end_bb: number;
  /** `80..87`, `hole` or `delalloc`. */
  block: string;
  ag?: number;
  ag_range?: string;
  total_bb: number;
  /** The FLAGS column (`000000`), null when the line has none. */
  flags: string | null;
}

/** `xfs_io -c stat` fsxattr lines, values as printed. */
export interface OracleFsxattr {
  xflags: string;
  projid: string;
  extsize: string;
  cowextsize: string;
  nextents: string;
  naextents: string;
}

/** One regular file of a state. */
export interface OracleFile {
  size: number;
  /** 512-byte units, post-EOF preallocation and leftover CoW blocks included. */
  st_blocks: number;
  ino: number;
  nlink: number;
  /** Present in `final` only. */
  md5?: string;
  /** `xfs_io -c "bmap -elpv"` output (bmap hides post-EOF preallocation). */
  bmap_text: string;
  bmap?: OracleBmapEntry[];
  /** Absent when GETBMAPX failed; then `data_fork_error` says why. */
  data_fork?: OracleDataForkExtent[];
  data_fork_error?: string;
  /** The real kernel rejects the CoW-fork flag of GETBMAPX (`{error: "EINVAL"}`); the engine may list it. */
  cow_fork?: OracleDataForkExtent[] | { error: string };
  fsxattr: OracleFsxattr;
}

/**
 * statfs(2) and geometry figures. Only `statfs.f_bavail` is compared (it is exact); `counts.*` are
 * approximate per-CPU counter reads.
 */
export interface OracleStatfs {
  'statfs.f_bsize'?: number;
  'statfs.f_blocks'?: number;
  'statfs.f_bavail'?: number;
  'statfs.f_files'?: number;
  'statfs.f_ffree'?: number;
  'statfs.f_flags'?: number;
  [key: string]: number | undefined;
}

/** One id's line of `xfs_quota report -ugp -bi -n`. */
export interface OracleQuotaEntry {
  blocks_kb: number;
  bsoft_kb: number;
  bhard_kb: number;
  bwarn: number;
  /** `--------` or the remaining grace time as printed. */
  bgrace: string;
  inodes: number;
  isoft: number;
  ihard: number;
  iwarn: number;
  igrace: string;
}

/** Parsed quota report: quota type → id (decimal string) → usage and limits. */
export type OracleQuotaReport = Partial<Record<'user' | 'group' | 'project', Record<string, OracleQuotaEntry>>>;

/** What the filesystem looked like at one moment. */
export interface OracleState {
  /** Regular files by path relative to the mount. */
  files: Record<string, OracleFile>;
  statfs: OracleStatfs;
  /** `xfs_db freesp` style summary. */
  freesp_text?: string;
  /** Quota recordings only. */
  quota_report?: OracleQuotaReport;
  quota_report_text?: string;
  quota_state_text?: string;
}

/** The four moments of a recording: before the body, right after it, after `sync`, after umount + mount. */
export interface OracleStates {
  initial?: OracleState;
  final?: OracleState;
  after_sync?: OracleState;
  after_remount?: OracleState;
}

/** The QEMU guest of the quota recordings. */
export interface OracleGuest {
  qemu: string;
  accel: string;
  cpus: number;
}

/** A whole recording (or an engine run written in the same shape). */
export interface OracleJson {
  scenario: string;
  description?: string;
  kernel?: string;
  mkfs_options?: string;
  mkfs_output?: string;
  mount_options_requested?: string;
  mount_options?: string;
  guest?: OracleGuest;
  /** The trace events the recorder enabled; only these are compared (absent = all). */
  events_enabled?: string[];
  /** Exit status of the script body. */
  body_rc: number;
  /** stdout+stderr lines, timing lines dropped, mount path replaced by `SCRATCH_MNT`. */
  output: string[];
  /** Events lost by the trace buffer (0 in every recording). */
  trace_overrun?: number;
  trace: OracleTraceEvent[];
  state: OracleStates;
  /** Quota recordings: the report after the body (same as state.final.quota_report). */
  quota_report?: OracleQuotaReport;
}
