/**
 * Helpers shared by the built-in utilities: option parsing (getopt style) and reading inputs
 * (files through the shell's namespace, `-` or no file for stdin).
 */
import type { UtilContext } from './commands.js';
import { strerror } from './commands.js';

/** Parsed options: flags in order with their values, operands after them. */
export interface Parsed {
  opts: [string, string][];
  rest: string[];
}

/**
 * getopt: `spec` lists option letters, a `:` after one takes a value (`-n 5`, `-n5`). Options may
 * be grouped (`-vn`); `--` ends them; a lone `-` is an operand. Returns an error text for unknown
 * options or a missing value.
 */
export function getopt(args: readonly string[], spec: string): Parsed | { error: string } {
  const opts: [string, string][] = [];
  let i = 0;
  for (; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--') {
      i++;
      break;
    }
    if (!a.startsWith('-') || a === '-') break;
    for (let j = 1; j < a.length; j++) {
      const c = a[j]!;
      const k = spec.indexOf(c);
      if (k < 0 || c === ':') return { error: `invalid option -- '${c}'` };
      if (spec[k + 1] === ':') {
        const v = j + 1 < a.length ? a.slice(j + 1) : args[++i];
        if (v === undefined) return { error: `option requires an argument -- '${c}'` };
        opts.push([c, v]);
        break;
      }
      opts.push([c, '']);
    }
  }
  return { opts, rest: args.slice(i) };
}

/** Print `name: message` and the usual hint; returns status 1 (or 2 for grep-like tools). */
export function usageError(ctx: UtilContext, message: string, status = 1): number {
  ctx.err(`${ctx.name}: ${message}\nTry '${ctx.name} --help' for more information.\n`);
  return status;
}

/**
 * Read each input (stdin when `files` is empty or for `-`); on error print via `fmt` and mark the
 * status 1. Calls `each(text, name)` for the readable ones.
 */
export function forEachInput(ctx: UtilContext, files: readonly string[], fmt: (file: string, err: string) => string, each: (text: string, name: string) => void): number {
  let status = 0;
  for (const f of files.length ? files : ['-']) {
    if (f === '-') {
      each(ctx.input.takeAll(), '-');
      continue;
    }
    let text: string;
    try {
      text = ctx.fs.readFile(f, ctx.cwd);
    } catch (e) {
      ctx.err(fmt(f, strerror(e)) + '\n');
      status = 1;
      continue;
    }
    each(text, f);
  }
  return status;
}

/** Split text into lines (without newlines); a final newline does not make an empty line. */
export function lines(text: string): string[] {
  if (text === '') return [];
  const l = text.split('\n');
  if (l[l.length - 1] === '') l.pop();
  return l;
}

/** A size with coreutils suffixes: b=512, K/k=1024, kB=1000, M=1024^2, MB=1000^2, G... */
export function parseSize(s: string): number | undefined {
  const m = /^(\d+)([a-zA-Z]*)$/.exec(s);
  if (!m) return undefined;
  const units: Record<string, number> = { '': 1, b: 512, K: 1024, k: 1024, KiB: 1024, kB: 1000, KB: 1000, M: 1024 ** 2, MiB: 1024 ** 2, MB: 1e6, G: 1024 ** 3, GiB: 1024 ** 3, GB: 1e9 };
  const u = units[m[2]!];
  return u === undefined ? undefined : Number(m[1]) * u;
}
