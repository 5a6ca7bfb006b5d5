/**
 * xfs_spaceman (xfsprogs spaceman/): `xfs_spaceman [-p prog] -c cmd... file`. Only `prealloc`
 * (spaceman/prealloc.c) is implemented: XFS_IOC_FREE_EOFBLOCKS, a blockgc scan that frees
 * speculative preallocation, optionally waiting (-s) and filtered by -u uid, -g gid, -p projid,
 * -m minimum file size. With no filter every file is scanned.
 */
import type { EofblocksFilter } from '../../syscalls.js';
import type { Tool } from '../tool.js';
import { Getopt } from './lib/getopt.js';
import { BufferedStdio } from './lib/stdio.js';
import { asXfsError, syscall, toolPath } from './lib/sys.js';
import { cvtnum } from './xfs-io-commands/numbers.js';
import { XfsError } from '../../xfs-errors.js';

const PREALLOC_ARGS = '[-s] [-u id] [-g id] [-p id] [-m minlen]';

/** The xfs_spaceman tool. */
export const xfsSpaceman: Tool = (ctx) => {
  ctx.host.setTask('xfs_spaceman');
  const io = new BufferedStdio(ctx);
  let progname = 'xfs_spaceman';
  const cmds: string[] = [];
  const g = new Getopt(ctx.args, 'c:p:V', 'xfs_spaceman', (t) => io.err(t));
  for (let o = g.next(); o; o = g.next()) {
    if (o.opt === 'c') cmds.push(o.arg ?? '');
    else if (o.opt === 'p') progname = o.arg ?? '';
    else if (o.opt === 'V') {
      io.out(`${progname} version 6.1.0\n`);
      io.flush();
      return 0;
    } else {
      io.err(`Usage: ${progname} [-c cmd] file\n`);
      io.flush();
      return 1;
    }
  }
  const files = g.operands();
  if (files.length !== 1) {
    io.err(`Usage: ${progname} [-c cmd] file\n`);
    io.flush();
    return 1;
  }
  const where = toolPath(ctx, files[0]);
  if (where.kind !== 'mount') {
    io.err(`${files[0]}: No such file or directory\n`);
    io.flush();
    return 1;
  }
  for (const line of cmds) {
    const v = line.split(' ').filter((w) => w !== '');
    if (v.length === 0) continue;
    if (v[0] !== 'prealloc') {
      io.err(`command "${v[0]}" not found\n`);
      continue;
    }
    if (v.length < 2) {
      io.err(`bad argument count ${v.length - 1} to prealloc, expected at least 1 arguments\n`);
      continue;
    }
    const filter: EofblocksFilter = {};
    let bad = false;
    const pg = new Getopt(v.slice(1), 'g:m:p:su:', 'prealloc', (t) => io.err(t));
    for (let o = pg.next(); o; o = pg.next()) {
      const n = /^\d+$/.test(o.arg ?? '') ? Number(o.arg) : NaN;
      if (o.opt === 's') filter.sync = true;
      else if (o.opt === 'm') filter.minFileSize = Math.max(0, cvtnum(4096, 512, o.arg ?? ''));
      else if ((o.opt === 'u' || o.opt === 'g' || o.opt === 'p') && !Number.isNaN(n)) {
        if (o.opt === 'u') filter.uid = n;
        else if (o.opt === 'g') filter.gid = n;
        else filter.prid = n;
      } else bad = true;
    }
    if (bad || pg.operands().length) {
      io.out(`prealloc ${PREALLOC_ARGS} -- Remove speculative preallocation\n`);
      continue;
    }
    try {
      syscall(ctx, 'ioctl XFS_IOC_FREE_EOFBLOCKS', () => {
        if (!ctx.sys.freeEofblocks) throw new XfsError('EINVAL', 'XFS_IOC_FREE_EOFBLOCKS');
        ctx.sys.freeEofblocks(filter);
      });
    } catch (e) {
      // The C command reports and carries on; the exit status stays 0.
      io.err(`${progname}: XFS_IOC_FREE_EOFBLOCKS on ${files[0]}: ${asXfsError(e).strerror}\n`);
    }
  }
  io.flush();
  return 0;
};
