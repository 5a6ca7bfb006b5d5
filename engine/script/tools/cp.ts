/**
 * coreutils 9.1 `cp [--reflink[=always|auto|never]] [-p] [-f] SRC DEST` (or SRC... DIR): the
 * destination is created (O_CREAT|O_EXCL) or truncated, then cloned whole with FICLONE unless
 * --reflink=never — auto is the default since coreutils 9.0, so a plain cp on a reflink filesystem
 * shares blocks too. A failed clone is fatal with `always` (`cp: failed to clone 'b' from 'a':
 * ...`); otherwise the data is copied with 128 KiB read(2)/write(2) pairs.
 * Limits: no -r, and holes in a sparse source are written as zeros (no SEEK_DATA in the syscall
 * surface). -p preserves the owner and sets the ACL the mode implies, as copy_acl does (there is no
 * chmod/utimes call to preserve the rest).
 */
import type { Tool, ToolContext } from '../tool.js';
import type { Fd, StatResult } from '../../syscalls.js';
import { XfsError } from '../../xfs-errors.js';
import { Getopt } from './lib/getopt.js';
import { asXfsError, baseName, quoteAlways, syscall, toolPath, tryHelp } from './lib/sys.js';

type Reflink = 'always' | 'auto' | 'never';

/** coreutils' io_blksize() for a 4 KiB-block file: 128 KiB. */
const BUF = 128 * 1024;

interface CpOptions {
  reflink: Reflink;
  preserveOwner: boolean;
  /** -p / --preserve=mode: the mode, and with it the ACL (copy_acl: a mode-only ACL). */
  preserveMode: boolean;
}

/** The mount-relative path, or an ENOENT XfsError (nothing else exists on the machine). */
function relOf(ctx: ToolContext, path: string): string {
  const w = toolPath(ctx, path);
  if (w.kind !== 'mount') throw new XfsError(w.kind === 'absent' ? w.code : 'ENOENT', 'stat', path);
  return w.rel;
}

function statOrNull(ctx: ToolContext, path: string): StatResult | null {
  const w = toolPath(ctx, path);
  if (w.kind !== 'mount') return null;
  try {
    return syscall(ctx, `stat ${path}`, () => ctx.sys.stat(w.rel));
  } catch (e) {
    if (asXfsError(e).code === 'ENOENT') return null;
    throw e;
  }
}

/** copy_reg(): one regular file; false after printing the error. */
function copyFile(ctx: ToolContext, src: string, dst: string, o: CpOptions): boolean {
  const fail = (msg: string, e: unknown): false => {
    ctx.err(`cp: ${msg}: ${asXfsError(e).strerror}\n`);
    return false;
  };
  let sst: StatResult;
  try {
    const rel = relOf(ctx, src);
    sst = syscall(ctx, `stat ${src}`, () => ctx.sys.stat(rel));
  } catch (e) {
    return fail(`cannot stat ${quoteAlways(src)}`, e);
  }
  if (sst.isDir) {
    ctx.err(`cp: -r not specified; omitting directory ${quoteAlways(src)}\n`);
    return false;
  }
  const dstWhere = toolPath(ctx, dst);
  if (dstWhere.kind !== 'mount') {
    // The destination would be on another filesystem of the real box: a clone cannot cross it.
    if (o.reflink === 'always') return fail(`failed to clone ${quoteAlways(dst)} from ${quoteAlways(src)}`, new XfsError('EXDEV'));
    return fail(`cannot create regular file ${quoteAlways(dst)}`, new XfsError('ENOENT'));
  }
  const dstSt = statOrNull(ctx, dst);
  if (dstSt && dstSt.ino === sst.ino && dstSt.dev === sst.dev) {
    ctx.err(`cp: ${quoteAlways(src)} and ${quoteAlways(dst)} are the same file\n`);
    return false;
  }
  let sfd: Fd;
  try {
    const rel = relOf(ctx, src);
    sfd = syscall(ctx, `open ${src}`, () => ctx.sys.open(rel, { readOnly: true }));
  } catch (e) {
    return fail(`cannot open ${quoteAlways(src)} for reading`, e);
  }
  let ok = true;
  try {
    let dfd: Fd;
    try {
      dfd = syscall(ctx, `open ${dst}`, () =>
        ctx.sys.open(dstWhere.rel, dstSt ? { trunc: true } : { create: true, excl: true }),
      );
    } catch (e) {
      return fail(dstSt ? `cannot open ${quoteAlways(dst)} for writing` : `cannot create regular file ${quoteAlways(dst)}`, e);
    }
    try {
      ok = fillData(ctx, sfd, dfd, src, dst, o);
      if (ok && o.preserveOwner) {
        // coreutils skips the fchown when the copy already has the source's owner and group.
        const dsb = syscall(ctx, `fstat ${dst}`, () => ctx.sys.fstat(dfd));
        if (dsb.uid !== sst.uid || dsb.gid !== sst.gid) {
          syscall(ctx, `fchown ${dst}`, () => ctx.sys.chown(dstWhere.rel, sst.uid, sst.gid));
        }
      }
      // copy_acl: the source has no ACL, so the copy gets the one its mode implies.
      if (ok && o.preserveMode) syscall(ctx, `fsetxattr ${dst}`, () => ctx.sys.setModeAcl?.(dfd));
    } finally {
      syscall(ctx, `close ${dst}`, () => ctx.sys.close(dfd));
    }
  } finally {
    syscall(ctx, `close ${src}`, () => ctx.sys.close(sfd));
  }
  return ok;
}

/** Clone, or copy the bytes. */
function fillData(ctx: ToolContext, sfd: Fd, dfd: Fd, src: string, dst: string, o: CpOptions): boolean {
  if (o.reflink !== 'never') {
    try {
      syscall(ctx, 'ioctl FICLONE', () => ctx.sys.reflink(sfd, dfd));
      return true;
    } catch (e) {
      if (o.reflink === 'always') {
        ctx.err(`cp: failed to clone ${quoteAlways(dst)} from ${quoteAlways(src)}: ${asXfsError(e).strerror}\n`);
        return false;
      }
    }
  }
  for (let pos = 0; ; ) {
    let data: Uint8Array;
    try {
      data = syscall(ctx, `read ${pos} ${BUF}`, () => ctx.sys.pread(sfd, pos, BUF));
    } catch (e) {
      ctx.err(`cp: error reading ${quoteAlways(src)}: ${asXfsError(e).strerror}\n`);
      return false;
    }
    if (data.length === 0) return true;
    for (let done = 0; done < data.length; ) {
      const at = pos + done;
      const chunk = data.subarray(done);
      try {
        const n = syscall(ctx, `write ${at} ${chunk.length}`, () => ctx.sys.pwrite(dfd, at, chunk.length, { kind: 'bytes', data: chunk }));
        if (n <= 0) throw new XfsError('ENOSPC', 'write');
        done += n;
      } catch (e) {
        ctx.err(`cp: error writing ${quoteAlways(dst)}: ${asXfsError(e).strerror}\n`);
        return false;
      }
    }
    pos += data.length;
  }
}

/** The cp tool. */
export const cp: Tool = (ctx) => {
  ctx.host.setTask('cp');
  const o: CpOptions = { reflink: 'auto', preserveOwner: false, preserveMode: false };
  const g = new Getopt(ctx.args, 'afinpRrv', 'cp', (t) => ctx.err(t), [
    { name: 'reflink', arg: 'optional', key: 'reflink' },
    { name: 'force', arg: 'none', key: 'f' },
    { name: 'preserve', arg: 'optional', key: 'preserve' },
    { name: 'recursive', arg: 'none', key: 'r' },
  ]);
  for (let x = g.next(); x; x = g.next()) {
    switch (x.opt) {
      case 'reflink': {
        const when = x.arg ?? 'always';
        const m = (['always', 'auto', 'never'] as const).filter((w) => w.startsWith(when));
        if (when === '' || m.length !== 1) {
          ctx.err(`cp: invalid argument ${quoteAlways(when)} for '--reflink'\nValid arguments are:\n  - 'auto'\n  - 'always'\n  - 'never'\n`);
          return tryHelp(ctx, 'cp');
        }
        o.reflink = m[0];
        break;
      }
      case 'p': case 'a': o.preserveOwner = o.preserveMode = true; break;
      case 'preserve':
        o.preserveOwner = !x.arg || /ownership|all/.test(x.arg);
        o.preserveMode = !x.arg || /mode|all/.test(x.arg);
        break;
      case 'r': case 'R':
        ctx.err('cp: -r is not supported by this simulator\n');
        return 1;
      case '?': return tryHelp(ctx, 'cp');
      default: break;
    }
  }
  const ops = g.operands();
  if (ops.length === 0) {
    ctx.err('cp: missing file operand\n');
    return tryHelp(ctx, 'cp');
  }
  if (ops.length === 1) {
    ctx.err(`cp: missing destination file operand after ${quoteAlways(ops[0])}\n`);
    return tryHelp(ctx, 'cp');
  }
  const target = ops[ops.length - 1];
  const srcs = ops.slice(0, -1);
  const tst = statOrNull(ctx, target);
  const intoDir = tst?.isDir ?? false;
  if (srcs.length > 1 && !intoDir) {
    ctx.err(`cp: target ${quoteAlways(target)} is not a directory\n`);
    return 1;
  }
  let ok = true;
  for (const s of srcs) {
    const dst = intoDir ? `${target.replace(/\/+$/, '')}/${baseName(s)}` : target;
    ok = copyFile(ctx, s, dst, o) && ok;
  }
  return ok ? 0 : 1;
};
