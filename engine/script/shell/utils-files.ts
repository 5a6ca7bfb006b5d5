/**
 * File utilities (rm, touch, mkdir, rmdir, ls, mv). On mount paths every operation is a system
 * call on the simulated filesystem under the utility's task name; elsewhere it is MemFs.
 */
import { XfsError } from '../../xfs-errors.js';
import { strerror, type Util, type UtilContext } from './commands.js';
import { getopt, usageError } from './util-helpers.js';

function removeTree(ctx: UtilContext, path: string): void {
  for (const e of ctx.fs.readdir(path, ctx.cwd)) {
    const child = `${path.replace(/\/+$/, '')}/${e}`;
    if (ctx.fs.stat(child, ctx.cwd).type === 'dir') removeTree(ctx, child);
    else ctx.fs.unlink(child, ctx.cwd);
  }
  ctx.fs.rmdir(path, ctx.cwd);
}

const rm: Util = (ctx) => {
  const p = getopt(ctx.args, 'frRdv');
  if ('error' in p) return usageError(ctx, p.error);
  const o = new Set(p.opts.map(([k]) => k));
  if (p.rest.length === 0 && !o.has('f')) return usageError(ctx, 'missing operand');
  let status = 0;
  for (const f of p.rest) {
    try {
      const info = ctx.fs.stat(f, ctx.cwd);
      if (info.type === 'dir') {
        if (o.has('r') || o.has('R')) removeTree(ctx, f);
        else if (o.has('d')) ctx.fs.rmdir(f, ctx.cwd);
        else throw new XfsError('EISDIR', 'unlink', f);
      } else ctx.fs.unlink(f, ctx.cwd);
      if (o.has('v')) ctx.out(`removed '${f}'\n`);
    } catch (e) {
      if (o.has('f') && e instanceof XfsError && e.code === 'ENOENT') continue;
      ctx.err(`rm: cannot remove '${f}': ${strerror(e)}\n`);
      status = 1;
    }
  }
  return status;
};

const touch: Util = (ctx) => {
  const p = getopt(ctx.args, 'cam');
  if ('error' in p) return usageError(ctx, p.error);
  if (p.rest.length === 0) return usageError(ctx, 'missing file operand');
  const noCreate = p.opts.some(([k]) => k === 'c');
  let status = 0;
  for (const f of p.rest) {
    try {
      if (ctx.fs.tryStat(f, ctx.cwd) || noCreate) continue; // times are not modelled: nothing to update
      ctx.fs.openWrite(f, ctx.cwd, { append: false, trunc: false }).close();
    } catch (e) {
      ctx.err(`touch: cannot touch '${f}': ${strerror(e)}\n`);
      status = 1;
    }
  }
  return status;
};

const mkdir: Util = (ctx) => {
  const p = getopt(ctx.args, 'pvm:');
  if ('error' in p) return usageError(ctx, p.error);
  if (p.rest.length === 0) return usageError(ctx, 'missing operand');
  const parents = p.opts.some(([k]) => k === 'p');
  let status = 0;
  for (const d of p.rest) {
    try {
      if (parents) {
        let cur = d.startsWith('/') ? '' : '.';
        for (const part of d.split('/').filter(Boolean)) {
          cur = cur === '' ? `/${part}` : `${cur}/${part}`;
          const info = ctx.fs.tryStat(cur, ctx.cwd);
          if (!info) ctx.fs.mkdir(cur, ctx.cwd);
          else if (info.type !== 'dir') throw new XfsError('ENOTDIR', 'mkdir', cur);
        }
      } else ctx.fs.mkdir(d, ctx.cwd);
    } catch (e) {
      ctx.err(`mkdir: cannot create directory \u2018${d}\u2019: ${strerror(e)}\n`);
      status = 1;
    }
  }
  return status;
};

const rmdir: Util = (ctx) => {
  const p = getopt(ctx.args, 'p');
  if ('error' in p) return usageError(ctx, p.error);
  if (p.rest.length === 0) return usageError(ctx, 'missing operand');
  let status = 0;
  for (const d of p.rest) {
    try {
      ctx.fs.rmdir(d, ctx.cwd);
    } catch (e) {
      ctx.err(`rmdir: failed to remove '${d}': ${strerror(e)}\n`);
      status = 1;
    }
  }
  return status;
};

const ls: Util = (ctx) => {
  const p = getopt(ctx.args, '1aAd');
  if ('error' in p) return usageError(ctx, `${p.error} (XFS Lab's ls knows -1 -a -A -d)`, 2);
  const o = new Set(p.opts.map(([k]) => k));
  const paths = p.rest.length ? p.rest : ['.'];
  let status = 0;
  const files: string[] = [];
  const dirs: string[] = [];
  for (const path of paths) {
    const info = ctx.fs.tryStat(path, ctx.cwd);
    if (!info) {
      ctx.err(`ls: cannot access '${path}': No such file or directory\n`);
      status = 2;
    } else if (info.type === 'dir' && !o.has('d')) dirs.push(path);
    else files.push(path);
  }
  let out = files.sort().map((f) => f + '\n').join('');
  dirs.sort().forEach((d, i) => {
    if (paths.length > 1) out += `${out || i > 0 ? '\n' : ''}${d}:\n`;
    let names: string[];
    try {
      names = ctx.fs.readdir(d, ctx.cwd);
    } catch (e) {
      ctx.err(`ls: cannot open directory '${d}': ${strerror(e)}\n`);
      status = 2;
      return;
    }
    if (o.has('a')) names = ['.', '..', ...names];
    else if (!o.has('A')) names = names.filter((n) => !n.startsWith('.'));
    out += names.map((n) => n + '\n').join('');
  });
  ctx.out(out);
  return status;
};

const mv: Util = (ctx) => {
  const p = getopt(ctx.args, 'fiv');
  if ('error' in p) return usageError(ctx, p.error);
  if (p.rest.length < 2) return usageError(ctx, p.rest.length ? `missing destination file operand after '${p.rest[0]}'` : 'missing file operand');
  const dest = p.rest[p.rest.length - 1]!;
  const srcs = p.rest.slice(0, -1);
  const destIsDir = ctx.fs.tryStat(dest, ctx.cwd)?.type === 'dir';
  if (srcs.length > 1 && !destIsDir) {
    ctx.err(`mv: target '${dest}' is not a directory\n`);
    return 1;
  }
  let status = 0;
  for (const s of srcs) {
    if (!ctx.fs.tryStat(s, ctx.cwd)) {
      ctx.err(`mv: cannot stat '${s}': No such file or directory\n`);
      status = 1;
      continue;
    }
    const target = destIsDir ? `${dest.replace(/\/+$/, '')}/${s.replace(/\/+$/, '').split('/').pop()}` : dest;
    try {
      ctx.fs.rename(s, target, ctx.cwd);
    } catch (e) {
      ctx.err(`mv: cannot move '${s}' to '${target}': ${strerror(e)}\n`);
      status = 1;
    }
  }
  return status;
};

/** rm, touch, mkdir, rmdir, ls, mv. */
export const FILE_UTILITIES: Readonly<Record<string, Util>> = { rm, touch, mkdir, rmdir, ls, mv };
