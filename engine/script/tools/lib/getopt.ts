/**
 * GNU getopt / getopt_long, as glibc does it: arguments are permuted (options may follow operands,
 * `xfs_io -c "pwrite -S 0xa 0k -b 4k 4k"` takes `-b 4k`), `--` ends the options, short options
 * cluster (`-elpv`), and errors are printed the way glibc prints them
 * (`pwrite: invalid option -- 'z'`). A leading `+` in the option string stops at the first
 * operand (POSIX mode), as for xfs_bmap's shell getopts.
 */

/** A long option (struct option): `arg` says whether it takes `=value`. */
export interface LongOption {
  name: string;
  arg: 'none' | 'required' | 'optional';
  /** What next() reports for it (the `val` of struct option). */
  key: string;
}

/** One parsed option: `opt` is the letter (or long key), '?' after an error already printed. */
export interface GetoptItem {
  opt: string;
  arg?: string;
}

/** An incremental parser over argv (argv[0] is not included: `prog` names the program). */
export class Getopt {
  private i = 0;
  /** Position inside a cluster of short options (0 = at the start of argv[i]). */
  private sub = 0;
  private readonly collected: string[] = [];
  private rest: string[] = [];
  private done = false;
  private readonly posix: boolean;
  private readonly shortopts: string;

  constructor(
    private readonly argv: readonly string[],
    shortopts: string,
    private readonly prog: string,
    private readonly err: (text: string) => void,
    private readonly longopts: readonly LongOption[] = [],
  ) {
    this.posix = shortopts.startsWith('+');
    this.shortopts = this.posix ? shortopts.slice(1) : shortopts;
  }

  /** The next option, or null when the options are exhausted. */
  next(): GetoptItem | null {
    while (!this.done) {
      if (this.sub > 0) return this.shortOpt();
      if (this.i >= this.argv.length) {
        this.done = true;
        break;
      }
      const a = this.argv[this.i];
      if (a === '--') {
        this.rest = this.argv.slice(this.i + 1);
        this.done = true;
        break;
      }
      if (a.startsWith('--') && this.longopts.length > 0) {
        this.i++;
        return this.longOpt(a.slice(2));
      }
      if (a.length > 1 && a.startsWith('-')) {
        this.sub = 1;
        return this.shortOpt();
      }
      if (this.posix) {
        this.rest = this.argv.slice(this.i);
        this.done = true;
        break;
      }
      this.collected.push(a);
      this.i++;
    }
    return null;
  }

  /** The operands in order (valid once next() has returned null). */
  operands(): string[] {
    return [...this.collected, ...this.rest];
  }

  private shortOpt(): GetoptItem {
    const a = this.argv[this.i];
    const c = a[this.sub++];
    const atEnd = this.sub >= a.length;
    const pos = c === ':' ? -1 : this.shortopts.indexOf(c);
    if (pos < 0) {
      this.advanceIf(atEnd);
      this.err(`${this.prog}: invalid option -- '${c}'\n`);
      return { opt: '?' };
    }
    if (this.shortopts[pos + 1] !== ':') {
      this.advanceIf(atEnd);
      return { opt: c };
    }
    const optional = this.shortopts[pos + 2] === ':';
    if (!atEnd) {
      const arg = a.slice(this.sub);
      this.advanceIf(true);
      return { opt: c, arg };
    }
    this.advanceIf(true);
    if (optional) return { opt: c };
    if (this.i >= this.argv.length) {
      this.err(`${this.prog}: option requires an argument -- '${c}'\n`);
      return { opt: '?' };
    }
    return { opt: c, arg: this.argv[this.i++] };
  }

  private advanceIf(cond: boolean): void {
    if (cond) {
      this.i++;
      this.sub = 0;
    }
  }

  private longOpt(text: string): GetoptItem {
    const eq = text.indexOf('=');
    const name = eq >= 0 ? text.slice(0, eq) : text;
    const exact = this.longopts.find((o) => o.name === name);
    const matches = exact ? [exact] : this.longopts.filter((o) => o.name.startsWith(name));
    if (matches.length === 0) {
      this.err(`${this.prog}: unrecognized option '--${name}'\n`);
      return { opt: '?' };
    }
    if (matches.length > 1 && !matches.every((m) => m.key === matches[0].key)) {
      const list = matches.map((m) => ` '--${m.name}'`).join('');
      this.err(`${this.prog}: option '--${name}' is ambiguous; possibilities:${list}\n`);
      return { opt: '?' };
    }
    const o = matches[0];
    if (eq >= 0) {
      if (o.arg === 'none') {
        this.err(`${this.prog}: option '--${o.name}' doesn't allow an argument\n`);
        return { opt: '?' };
      }
      return { opt: o.key, arg: text.slice(eq + 1) };
    }
    if (o.arg === 'required') {
      if (this.i >= this.argv.length) {
        this.err(`${this.prog}: option '--${o.name}' requires an argument\n`);
        return { opt: '?' };
      }
      return { opt: o.key, arg: this.argv[this.i++] };
    }
    return { opt: o.key };
  }
}
