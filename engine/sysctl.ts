/**
 * The host's tunables a script may read and write, by the knob names the shell gives them:
 * /proc/sys/fs/xfs/<knob> as `<knob>`, /proc/sys/vm/<knob> as `vm/<knob>`, /sys/fs/xfs/debug/<knob> as
 * `debug/<knob>`, and the scratch device's /sys/fs/xfs/<dev>/errortag/<tag> as `errortag/<tag>`.
 * Each write is checked the way the kernel's handler checks it.
 */
import type { XfsFs, XfsSysctls } from './xfs-fs.js';
import { XfsError } from './xfs-errors.js';
import { ERRTAG_NAMES, errortagGet, errortagSet } from './xfs-errortag.js';
import { dirtyWritebackChanged } from './fs-writeback.js';

/** fs.xfs knobs and their proc_dointvec_minmax ranges (both lifetimes are xfs_blockgc_secs). */
const XFS_RANGES: Record<string, [number, number]> = {
  speculative_prealloc_lifetime: [1, 86400],
  speculative_cow_prealloc_lifetime: [1, 86400],
  xfssyncd_centisecs: [100, 720000],
};

/** The flusher's knobs under /proc/sys/vm: centiseconds, 0 to INT_MAX. */
const VM_KNOBS = {
  'vm/dirty_expire_centisecs': 'dirtyExpireCentisecs',
  'vm/dirty_writeback_centisecs': 'dirtyWritebackCentisecs',
} as const;

function vmKnob(knob: string): (typeof VM_KNOBS)[keyof typeof VM_KNOBS] | undefined {
  return Object.hasOwn(VM_KNOBS, knob) ? VM_KNOBS[knob as keyof typeof VM_KNOBS] : undefined;
}

/** `errortag/<name>`: the tag number, or undefined. */
function errortagKnob(knob: string): number | undefined {
  const m = /^errortag\/(\w+)$/.exec(knob);
  const tag = m ? ERRTAG_NAMES.indexOf(m[1]) : -1;
  return tag > 0 ? tag : undefined;
}

/**
 * The text a read of `knob` gives; undefined if there is no such knob (errortag knobs exist only while
 * the scratch filesystem `fs` is mounted). vm/drop_caches is write-only (mode 0200), for root too.
 */
export function readKnob(sysctl: XfsSysctls, fs: XfsFs | null, knob: string): string | undefined {
  if (knob === 'vm/drop_caches') throw new XfsError('EACCES', 'open', '/proc/sys/vm/drop_caches');
  if (knob === 'xfssyncd_centisecs') return String(sysctl.xfssyncdCentisecs);
  if (Object.hasOwn(XFS_RANGES, knob)) return String(sysctl.speculativePreallocLifetime);
  const vm = vmKnob(knob);
  if (vm) return String(sysctl[vm]);
  if (knob === 'debug/always_cow') return sysctl.alwaysCow ? '1' : '0';
  const tag = errortagKnob(knob);
  if (tag !== undefined && fs) return String(errortagGet(fs, tag));
  return undefined;
}

/** A write of `value` to `knob`: EINVAL for a value its handler refuses, ENOENT for no such knob. */
export function writeKnob(sysctl: XfsSysctls, fs: XfsFs | null, knob: string, value: string): void {
  const v = value.trim();
  if (knob === 'vm/drop_caches') {
    // drop_caches_sysctl_handler: 1 frees the clean page cache, 2 reclaimable slab (dentries and
    // inodes: not modelled), 3 both, 4 only silences the kernel's log line.
    if (!/^[1-4]$/.test(v)) throw new XfsError('EINVAL', 'write', knob);
    if (Number(v) & 1 && fs) {
      for (const ip of fs.inodes.values()) {
        ip.cached.clear();
        ip.folios.clear();
      }
    }
    return;
  }
  const vm = vmKnob(knob);
  if (vm) {
    // proc_dointvec_minmax with a floor of 0: a number that fits an int, nothing else.
    if (!/^\d+$/.test(v) || Number(v) > 2 ** 31 - 1) throw new XfsError('EINVAL', 'write', knob);
    const old = sysctl[vm];
    sysctl[vm] = Number(v);
    if (vm === 'dirtyWritebackCentisecs' && fs) dirtyWritebackChanged(fs, old);
    return;
  }
  if (knob === 'debug/always_cow') {
    // /sys/fs/xfs/debug/always_cow (CONFIG_XFS_DEBUG kernels): every overwrite goes through the CoW fork.
    if (v !== '0' && v !== '1') throw new XfsError('EINVAL', 'write', knob);
    sysctl.alwaysCow = v === '1';
    return;
  }
  const tag = errortagKnob(knob);
  if (tag !== undefined && fs) {
    const f = Number(v);
    if (!Number.isInteger(f) || f < 0) throw new XfsError('EINVAL', 'write', knob);
    errortagSet(fs, tag, f);
    return;
  }
  const range = XFS_RANGES[knob];
  if (!range) throw new XfsError('ENOENT', 'write', `/proc/sys/fs/xfs/${knob}`);
  const n = Number(v);
  if (!Number.isInteger(n) || n < range[0] || n > range[1]) throw new XfsError('EINVAL', 'write', knob);
  // The log worker keeps its queued deadline; the new interval applies from its next run.
  if (knob === 'xfssyncd_centisecs') sysctl.xfssyncdCentisecs = n;
  else sysctl.speculativePreallocLifetime = n;
}
