/** What mkfs.xfs (xfsprogs 6.1) prints for the geometry it made. */
import type { XfsMount } from './xfs-mount.js';

/** The mkfs.xfs summary, as in the recordings' mkfs_output (device name padded like xfsprogs). */
export function mkfsOutput(mp: XfsMount, device: string): string {
  const pad = (s: string, n: number) => s + ' '.repeat(Math.max(1, n - s.length));
  return [
    `meta-data=${pad(device, 22)}isize=${pad(String(mp.inodesize), 7)}agcount=${mp.agcount}, agsize=${mp.agblocks} blks`,
    `         =                       sectsz=${pad(String(mp.sectsize), 6)}attr=2, projid32bit=1`,
    `         =                       crc=1        finobt=1, sparse=1, rmapbt=0`,
    `         =                       reflink=${pad(mp.reflink ? '1' : '0', 5)}bigtime=1 inobtcount=1 nrext64=${mp.bmMaxLevels > 5 ? 1 : 0}`,
    `data     =                       bsize=${pad(String(mp.blocksize), 7)}blocks=${mp.dblocks}, imaxpct=25`,
    `         =                       sunit=0      swidth=0 blks`,
    `naming   =version 2              bsize=${pad(String(mp.blocksize), 7)}ascii-ci=0, ftype=1`,
    `log      =internal log           bsize=${pad(String(mp.blocksize), 7)}blocks=${mp.logblocks}, version=2`,
    `         =                       sectsz=${pad(String(mp.sectsize), 6)}sunit=0 blks, lazy-count=1`,
    `realtime =none                   extsz=${pad(String(mp.blocksize), 7)}blocks=0, rtextents=0`,
    '',
  ].join('\n');
}
