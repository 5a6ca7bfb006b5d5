/**
 * The commands a lab script can run that are implemented on the simulated kernel, by the name the
 * shell looks up.
 */
import type { Tool } from '../tool.js';
import { cat } from './cat.js';
import { chgrp, chown } from './chown.js';
import { cp } from './cp.js';
import { fallocate } from './fallocate.js';
import { ls } from './ls.js';
import { md5sum } from './md5sum.js';
import { mkfsXfs } from './mkfs-xfs.js';
import { mount, umount } from './mount.js';
import { rm } from './rm.js';
import { stat } from './stat.js';
import { sync } from './sync.js';
import { touch } from './touch.js';
import { truncate } from './truncate.js';
import { xfsBmap } from './xfs-bmap.js';
import { xfsIo } from './xfs-io.js';
import { xfsQuota } from './xfs-quota.js';
import { xfsSpaceman } from './xfs-spaceman.js';
import { setpriv } from './setpriv.js';

/** Tool implementations by command name. */
export const TOOLS: Record<string, Tool> = {
  xfs_io: xfsIo,
  xfs_quota: xfsQuota,
  xfs_spaceman: xfsSpaceman,
  setpriv,
  xfs_bmap: xfsBmap,
  stat,
  md5sum,
  cp,
  rm,
  touch,
  truncate,
  fallocate,
  sync,
  'mkfs.xfs': mkfsXfs,
  mount,
  umount,
  chown,
  chgrp,
  ls,
  cat,
};
