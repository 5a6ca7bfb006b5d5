/**
 * A small argument parser for the CLI's commands: `--name value`, `--name=value`, repeated
 * options, flags and positional arguments; unknown options are usage errors.
 */

/** Parsed arguments. */
export interface Args {
  positional: string[];
  options: Map<string, string[]>;
  flags: Set<string>;
}

/** Parse `argv` knowing which options take a value and which are flags; a string is a usage error. */
export function parseArgs(argv: readonly string[], valued: readonly string[], flags: readonly string[] = []): Args | string {
  const out: Args = { positional: [], options: new Map(), flags: new Set() };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('--') || a === '--') {
      if (a !== '--') out.positional.push(a);
      continue;
    }
    const eq = a.indexOf('=');
    const name = eq > 0 ? a.slice(2, eq) : a.slice(2);
    if (flags.includes(name) && eq < 0) {
      out.flags.add(name);
      continue;
    }
    if (!valued.includes(name)) return `unknown option '--${name}'`;
    const value = eq > 0 ? a.slice(eq + 1) : argv[++i];
    if (value === undefined) return `--${name} needs a value`;
    out.options.set(name, [...(out.options.get(name) ?? []), value]);
  }
  return out;
}

/** The last value of an option. */
export function opt(a: Args, name: string): string | undefined {
  const v = a.options.get(name);
  return v?.[v.length - 1];
}

/** A positive integer option, its default, or a usage error string. */
export function intOpt(a: Args, name: string, dflt: number | undefined): number | undefined | string {
  const v = opt(a, name);
  if (v === undefined) return dflt;
  const n = Number(v);
  return Number.isInteger(n) && n > 0 ? n : `--${name} needs a positive integer, not '${v}'`;
}
