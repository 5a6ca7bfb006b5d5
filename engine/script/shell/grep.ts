/**
 * grep (GNU grep's common options): -v -c -q -i -l -n -o -s -h -H -w -x -E -F -G, -e PATTERN.
 * Exit status 0 if a line was selected, 1 if none, 2 on error.
 */
import { strerror, type Util } from './commands.js';
import { posixSource } from './regex.js';
import { getopt, lines } from './util-helpers.js';

const grep: Util = (ctx) => {
  const p = getopt(ctx.args, 'vcqilnosHhwxEFGe:');
  if ('error' in p) {
    ctx.err(`grep: ${p.error}\nUsage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.\n`);
    return 2;
  }
  const o = new Set(p.opts.map(([k]) => k));
  const pats = p.opts.filter(([k]) => k === 'e').map(([, v]) => v);
  const rest = [...p.rest];
  if (pats.length === 0) {
    const first = rest.shift();
    if (first === undefined) {
      ctx.err("Usage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.\n");
      return 2;
    }
    pats.push(...first.split('\n'));
  }
  let re: RegExp;
  try {
    const alts = pats.map((s) => (o.has('F') ? s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&') : posixSource(s, o.has('E'))));
    let src = alts.map((a) => `(?:${a})`).join('|');
    if (o.has('x')) src = `^(?:${src})$`;
    else if (o.has('w')) src = `(?<![A-Za-z0-9_])(?:${src})(?![A-Za-z0-9_])`;
    re = new RegExp(src, o.has('i') ? 'gi' : 'g');
  } catch {
    ctx.err('grep: Invalid regular expression\n');
    return 2;
  }
  const files = rest.length ? rest : ['-'];
  const prefix = (files.length > 1 || o.has('H')) && !o.has('h');
  let matched = false;
  let error = false;
  for (const f of files) {
    let text: string;
    try {
      text = f === '-' ? ctx.input.takeAll() : ctx.fs.readFile(f, ctx.cwd);
    } catch (e) {
      if (!o.has('s')) ctx.err(`grep: ${f}: ${strerror(e)}\n`);
      error = true;
      continue;
    }
    const name = f === '-' ? '(standard input)' : f;
    let count = 0;
    let out = '';
    lines(text).forEach((line, i) => {
      re.lastIndex = 0;
      const hit = re.test(line);
      if (hit === o.has('v')) return;
      count++;
      if (o.has('c') || o.has('q') || o.has('l')) return;
      const head = (prefix ? name + ':' : '') + (o.has('n') ? `${i + 1}:` : '');
      if (o.has('o') && !o.has('v')) {
        re.lastIndex = 0;
        for (const m of line.matchAll(re)) if (m[0] !== '') out += head + m[0] + '\n';
      } else out += head + line + '\n';
    });
    if (count > 0) matched = true;
    if (o.has('q') && matched) return 0;
    if (o.has('l')) {
      if (count > 0) out = name + '\n';
    } else if (o.has('c')) out = (prefix ? name + ':' : '') + count + '\n';
    ctx.out(out);
  }
  return error && !(o.has('q') && matched) ? 2 : matched ? 0 : 1;
};

/** grep, egrep, fgrep. */
export const GREP_UTILITIES: Readonly<Record<string, Util>> = {
  grep,
  egrep: (ctx) => grep({ ...ctx, args: ['-E', ...ctx.args] }),
  fgrep: (ctx) => grep({ ...ctx, args: ['-F', ...ctx.args] }),
};
