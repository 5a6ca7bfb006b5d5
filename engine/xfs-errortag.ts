/**
 * Error injection (fs/xfs/xfs_error.c, libxfs/xfs_errortag.h): XFS_IOC_ERROR_INJECTION arms a tag
 * with its default frequency, /sys/fs/xfs/<dev>/errortag/<tag> sets any frequency (1 = always),
 * XFS_IOC_ERROR_CLEARALL disarms them all. XFS_TEST_ERROR then fails one call in `frequency`. The
 * kernel draws with prandom; the engine uses glibc's random() seeded per mount, so a run replays.
 */
import { GlibcRandom } from './glibc-random.js';
import { XfsError } from './xfs-errors.js';
import type { XfsFs } from './xfs-fs.js';

/** Tag names and numbers of xfs_errortag.h (6.1), as xfs_io `inject` and sysfs name them. */
export const ERRTAG_NAMES: readonly string[] = [
  'noerror', 'iflush1', 'iflush2', 'iflush3', 'iflush4', 'iflush5', 'iflush6', 'dareadbuf',
  'btree_chk_lblk', 'btree_chk_sblk', 'readagf', 'readagi', 'itobp', 'iunlink', 'iunlinkrm',
  'dirinovalid', 'bulkstat', 'logiodone', 'stratread', 'stratcmpl', 'diowrite', 'bmapifmt',
  'free_extent', 'rmap_finish_one', 'refcount_continue_update', 'refcount_finish_one', 'bmap_finish_one',
  'ag_resv_critical', 'drop_writes', 'log_bad_crc', 'log_item_pin', 'buf_lru_ref', 'force_repair',
  'bad_summary', 'iunlink_fallback', 'buf_ioerror', 'reduce_max_iextents', 'bmap_alloc_minlen_extent',
  'ag_resv_fail', 'larp', 'da_leaf_split', 'attr_leaf_to_node',
];

/** XFS_ERRTAG_BMAPIFORMAT: a data fork that is not in extents/btree format (buffered-write iomap_begin). */
export const XFS_ERRTAG_BMAPIFORMAT = 21;
/** XFS_ERRTAG_DROP_WRITES: buffered writes "succeed" but the page cache is thrown away. */
export const XFS_ERRTAG_DROP_WRITES = 28;

/** xfs_errortag_random_default: the frequency a tag gets when armed by the ioctl. */
function defaultFrequency(tag: number): number {
  if (tag === 8) return 25;
  if (tag >= 17 && tag <= 20) return 10;
  if (tag === 27) return 4;
  if (tag === 31) return 2;
  if (tag === 34) return 10;
  if ((tag >= 22 && tag <= 26) || (tag >= 28 && tag <= 33) || tag >= 36) return 1;
  return 100;
}

/** The armed tags of one mount (m_errortag) and the generator behind XFS_TEST_ERROR. */
interface ErrortagState {
  freq: Map<number, number>;
  rng: GlibcRandom;
}

const states = new WeakMap<XfsFs, ErrortagState>();

function stateOf(fs: XfsFs): ErrortagState {
  let st = states.get(fs);
  if (!st) {
    st = { freq: new Map(), rng: new GlibcRandom(1) };
    states.set(fs, st);
  }
  return st;
}

/** XFS_IOC_ERROR_INJECTION (xfs_errortag_add): arm `tag` at its default frequency. */
export function errortagAdd(fs: XfsFs, tag: number): void {
  if (!Number.isInteger(tag) || tag < 0 || tag >= ERRTAG_NAMES.length) throw new XfsError('EINVAL', 'XFS_IOC_ERROR_INJECTION');
  if (tag === 0) return;
  stateOf(fs).freq.set(tag, defaultFrequency(tag));
}

/** /sys/fs/xfs/<dev>/errortag/<name>: set a frequency (0 disarms). */
export function errortagSet(fs: XfsFs, tag: number, frequency: number): void {
  if (frequency) stateOf(fs).freq.set(tag, frequency);
  else stateOf(fs).freq.delete(tag);
}

/** The armed frequency of a tag (0 = off), as sysfs shows it. */
export function errortagGet(fs: XfsFs, tag: number): number {
  return stateOf(fs).freq.get(tag) ?? 0;
}

/** XFS_IOC_ERROR_CLEARALL (xfs_errortag_clearall); also what a fresh mount starts with. */
export function errortagClearAll(fs: XfsFs): void {
  states.delete(fs);
}

/** XFS_TEST_ERROR: whether the armed tag fires this time (one call in `frequency`). */
export function errortagTest(fs: XfsFs, tag: number): boolean {
  const st = states.get(fs);
  const f = st?.freq.get(tag);
  if (!st || !f) return false;
  return st.rng.random() % f === 0;
}
