/**
 * coreutils `md5sum [-b|-t] [--tag] [FILE]...`: `<hash>  <name as given>` per file (`*` before the
 * name with -b, a leading backslash when the name has to be escaped), `-` or no file for standard
 * input. The file is opened and read through the kernel; errors are `md5sum: NAME: <strerror>`.
 */
import type { Tool, ToolContext } from '../tool.js';
import { md5Hex } from '../../md5.js';
import { XfsError } from '../../xfs-errors.js';
import { Getopt } from './lib/getopt.js';
import { asXfsError, quoteIfNeeded, syscall, toolPath, tryHelp } from './lib/sys.js';

/** The MD5 of empty input (/dev/null). */
const EMPTY_MD5 = 'd41d8cd98f00b204e9800998ecf8427e';

/** The digest of one operand, or the errno text. */
function digest(ctx: ToolContext, name: string): string {
  if (name === '-') return md5Hex(new TextEncoder().encode(ctx.stdin));
  const where = toolPath(ctx, name);
  if (where.kind === 'devnull') return EMPTY_MD5;
  if (where.kind !== 'mount') throw new XfsError(where.kind === 'absent' ? where.code : 'ENOENT', 'open', name);
  const fd = syscall(ctx, `open ${name}`, () => ctx.sys.open(where.rel, { readOnly: true }));
  try {
    return syscall(ctx, `read ${name}`, () => {
      if (ctx.sys.fstat(fd).isDir) throw new XfsError('EISDIR', 'read', name);
      return ctx.sys.md5(where.rel);
    });
  } finally {
    syscall(ctx, `close ${name}`, () => ctx.sys.close(fd));
  }
}

/** The md5sum tool. */
export const md5sum: Tool = (ctx) => {
  ctx.host.setTask('md5sum');
  let binary = false;
  let tag = false;
  let zero = false;
  const g = new Getopt(ctx.args, 'bctwz', 'md5sum', (t) => ctx.err(t), [
    { name: 'binary', arg: 'none', key: 'b' },
    { name: 'text', arg: 'none', key: 't' },
    { name: 'tag', arg: 'none', key: 'tag' },
    { name: 'zero', arg: 'none', key: 'z' },
  ]);
  for (let o = g.next(); o; o = g.next()) {
    if (o.opt === 'b') binary = true;
    else if (o.opt === 't') binary = false;
    else if (o.opt === 'tag') tag = true;
    else if (o.opt === 'z') zero = true;
    else if (o.opt === 'c' || o.opt === 'w') {
      ctx.err('md5sum: --check is not supported by this simulator\n');
      return 1;
    } else return tryHelp(ctx, 'md5sum');
  }
  const files = g.operands();
  if (files.length === 0) files.push('-');
  let ok = true;
  for (const name of files) {
    let hash: string;
    try {
      hash = digest(ctx, name);
    } catch (e) {
      ctx.err(`md5sum: ${quoteIfNeeded(name)}: ${asXfsError(e).strerror}\n`);
      ok = false;
      continue;
    }
    const escape = !zero && /[\\\n\r]/.test(name);
    const shown = escape ? name.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/\r/g, '\\r') : name;
    const end = zero ? '\0' : '\n';
    if (tag) ctx.out(`${escape ? '\\' : ''}MD5 (${shown}) = ${hash}${end}`);
    else ctx.out(`${escape ? '\\' : ''}${hash} ${binary ? '*' : ' '}${shown}${end}`);
  }
  return ok ? 0 : 1;
};
