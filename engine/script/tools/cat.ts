/**
 * coreutils `cat [FILE]...`: file bytes through pread(2) in 128 KiB reads (printed as Latin-1
 * characters), `/proc/sys/fs/xfs` knobs, `-`/no file for standard input.
 */
import type { Tool, ToolContext } from '../tool.js';
import { XfsError } from '../../xfs-errors.js';
import { asXfsError, quoteIfNeeded, syscall, toolPath } from './lib/sys.js';

/** coreutils' io_blksize(): reads of 128 KiB. */
const CHUNK = 128 * 1024;

/** Copy one file to standard output, a 128 KiB read(2) and a write at a time. */
function catFile(ctx: ToolContext, name: string): void {
  if (name === '-') return ctx.out(ctx.stdin);
  const where = toolPath(ctx, name);
  if (where.kind === 'devnull') return;
  if (where.kind === 'proc') {
    const v = ctx.host.readSysctl(where.knob);
    if (v === undefined) throw new XfsError('ENOENT', 'open', name);
    return ctx.out(v.endsWith('\n') ? v : `${v}\n`);
  }
  if (where.kind !== 'mount') throw new XfsError(where.kind === 'absent' ? where.code : 'ENOENT', 'open', name);
  const fd = syscall(ctx, `open ${name}`, () => ctx.sys.open(where.rel, { readOnly: true }));
  try {
    // coreutils cat: fdadvise(FADVISE_SEQUENTIAL), which doubles the file's readahead window.
    syscall(ctx, `fadvise ${name} sequential`, () => ctx.sys.fadvise(fd, 0, 0, 'sequential'));
    for (let pos = 0; ; pos += CHUNK) {
      const data = syscall(ctx, `read ${pos} ${CHUNK}`, () => ctx.sys.pread(fd, pos, CHUNK));
      // The bytes as shell text (one char per byte), unless nobody will see them (`cat f > /dev/null`
      // reads a 1 GiB file in 2 s instead of 30).
      if (!ctx.stdoutDiscarded) {
        let text = '';
        for (let i = 0; i < data.length; i += 8192) text += String.fromCharCode(...data.subarray(i, i + 8192));
        ctx.out(text);
      }
      if (data.length < CHUNK) break;
    }
  } finally {
    syscall(ctx, `close ${name}`, () => ctx.sys.close(fd));
  }
}

/** The cat tool. */
export const cat: Tool = (ctx) => {
  ctx.host.setTask('cat');
  const files = ctx.args.filter((a) => a !== '--');
  if (files.length === 0) files.push('-');
  let ok = true;
  for (const name of files) {
    try {
      catFile(ctx, name);
    } catch (e) {
      ctx.err(`cat: ${quoteIfNeeded(name)}: ${asXfsError(e).strerror}\n`);
      ok = false;
    }
  }
  return ok ? 0 : 1;
};
