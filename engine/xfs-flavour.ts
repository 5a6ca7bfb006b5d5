/**
 * Kernel flavours. The engine follows Linux 6.18; the quota and ENOSPC-retry recordings come from
 * Debian 12's Linux 6.1 (the 6.18 machines have no XFS quota). Where the two kernels behave or
 * trace differently, a run may ask for the 6.1 behaviour; every difference is listed in
 * docs/spec-notes.md ("Space and quota"). The default is always 6.18.
 */

/** Which kernel's behaviour a run follows. */
export type KernelFlavour = '6.18' | '6.1';

/** The flavour of a kernel release string (`uname -r`, a recording's `kernel`); 6.18 unless it is 6.1.x. */
export function flavourOf(kernel: string | undefined): KernelFlavour {
  return kernel !== undefined && /^6\.1(\.|-|$)/.test(kernel) ? '6.1' : '6.18';
}

/**
 * `caller %pS` as each kernel prints it. The 6.18 recorder keeps the bare symbol; the 6.1 guest
 * prints symbol+offset/size [module], and the offsets are those of Debian's 6.1.0-56 build.
 */
const CALLERS_61: Record<string, string> = {
  xfs_bunmapi_range: 'xfs_itruncate_extents_flags+0xc3/0x260 [xfs]',
  xfs_blockgc_free_dquots: 'xfs_blockgc_free_dquots+0x103/0x1e0 [xfs]',
  xfs_file_buffered_write: 'xfs_file_buffered_write+0x1e5/0x300 [xfs]',
  xfs_bmap_update_finish_item: 'xfs_bmap_update_finish_item+0x1c/0x60 [xfs]',
  xfs_mountfs: 'xfs_mountfs+0x43c/0x900 [xfs]',
  xfs_unmountfs: 'xfs_unmountfs+0x33/0x1a0 [xfs]',
};

/**
 * The `caller` field for a trace event emitted at `site` (the 6.18 symbol). In 6.1 the bunmap of
 * xfs_itruncate_extents is called from xfs_itruncate_extents_flags itself (6.18 goes through
 * xfs_bunmapi_range).
 */
export function traceCaller(flavour: KernelFlavour, site: string): string {
  return flavour === '6.1' ? (CALLERS_61[site] ?? site) : site;
}

/**
 * Fields of the xfs_blockgc_start / xfs_blockgc_stop events (the mount class). 6.1: as recorded
 * (fstests xfs/213 remounts inside the script); 6.18: the feature word of its xfs_blockgc_worker
 * events, the superblock flags a guess (no 6.18 recording enables these events).
 */
export function blockgcStartStopFields(flavour: KernelFlavour, start: boolean): Record<string, string> {
  if (flavour === '6.1') {
    return {
      m_features: '0x19bf6ae', opstate: start ? 'clean|inodegc|blockgc' : 'clean|inodegc',
      s_flags: start ? '0x10810000' : '0x30810000', caller: traceCaller(flavour, start ? 'xfs_mountfs' : 'xfs_unmountfs'),
    };
  }
  return {
    m_features: '0x19bf2ab', opstate: start ? 'clean|inodegc|blockgc' : 'clean|inodegc',
    s_flags: start ? '0x50810000' : '0x70810000', caller: start ? 'xfs_mountfs' : 'xfs_unmountfs',
  };
}
