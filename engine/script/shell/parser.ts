/**
 * Parsing: mvdan/sh's bash parser (the `mvdan-sh` package, its Go `syntax` package compiled to
 * JavaScript) turned into the plain tree of ast.ts. The parser is synchronous and pure; its errors
 * carry line:col and name what was expected (`"do" must be followed by a statement list`).
 * Constructs the interpreter does not run (arrays, process substitution, coprocesses, extended
 * globs) are refused here, with their position, before anything runs.
 */
import { appStackTraceLimit } from './stack-limit.js'; // before mvdan-sh: see stack-limit.ts
import sh, { type GoNode, type GoParseError, type GoPos } from 'mvdan-sh';
import type * as A from './ast.js';

const ErrorLimit = Error as { stackTraceLimit?: number };
const goStackTraceLimit = ErrorLimit.stackTraceLimit;
ErrorLimit.stackTraceLimit = appStackTraceLimit;

/** A syntax error (or an unsupported construct) at line:col. */
export class ShellSyntaxError extends Error {
  constructor(
    readonly line: number,
    readonly col: number,
    message: string,
  ) {
    super(message);
    this.name = 'ShellSyntaxError';
  }
}

/**
 * Names of mvdan/sh's tokens by number (syntax/tokens.go, as compiled into mvdan-sh 0.10.1):
 * operators arrive as these numbers. A test checks the table against the parser.
 */
export const TOKENS: readonly string[] = (
  'illegalTok EOF Newl Lit LitWord LitRedir \' " ` & && || | |& $ $\' $" ${ $[ $( $(( [ [[ ( (( } ] ) )) ; ;; ;& ;;& ;| ' +
  '! ~ ++ -- * ** == != <= >= += -= *= /= %= &= |= ^= <<= >>= > >> < <> <& >& >| << <<- <<< &> &>> <( >( ' +
  '+ :+ - :- ? :? = := % %% # ## ^ ^^ , ,, @ / // : -e -f -d -c -b -p -S -L -k -g -u -G -O -N -r -w -x -s -t ' +
  '-z -n -o -v -R =~ -nt -ot -ef -eq -ne -le -ge -lt -gt ?( *( +( @( !('
).split(' ');

const parser = sh.syntax.NewParser();

/**
 * Parse a whole script. Throws ShellSyntaxError.
 *
 * The tree is read through GopherJS's internal objects (`__internal_object__`: Go structs with
 * their field names, slices as {$array, $offset, $length}, strings as UTF-8 byte strings) rather
 * than the exported wrappers, which re-wrap every field on each access and made conversion ten
 * times slower than parsing. mvdan-sh is pinned (0.10.1, no longer republished), so this layout
 * does not move; the parser tests cover it.
 */
export function parseScript(src: string): A.File {
  const saved = ErrorLimit.stackTraceLimit;
  ErrorLimit.stackTraceLimit = goStackTraceLimit;
  try {
    return parseWithGo(src);
  } finally {
    ErrorLimit.stackTraceLimit = saved;
  }
}

function parseWithGo(src: string): A.File {
  const conv = new Converter(src);
  let file: GoObj;
  try {
    file = (parser.Parse(src, '') as unknown as { __internal_object__: GoObj }).__internal_object__;
  } catch (e) {
    const pe = e as Partial<GoParseError>;
    if (typeof pe.Text === 'string' && pe.Pos) {
      const p = conv.pos(pe.Pos);
      throw new ShellSyntaxError(p.line, p.col, pe.Text);
    }
    throw new ShellSyntaxError(1, 1, `parser failure: ${String((e as Error)?.message ?? e).slice(0, 200)}`);
  }
  return { stmts: conv.stmts(file.Stmts) };
}

/**
 * mvdan-sh 0.10.1 nests `[[ a && b || c ]]` to the right and lets a leading `!` cover the rest of
 * the chain; bash gives && precedence over ||, both left-associative, and `!` negates one operand
 * (`[[ ! a && b ]]` is `(! a) && b`). Rebuild the chains that way.
 */
function testPrecedence(t: A.TestExpr): A.TestExpr {
  const isChain = (n: A.TestExpr): n is Extract<A.TestExpr, { type: 'BinaryTest' }> => n.type === 'BinaryTest' && (n.op === '&&' || n.op === '||');
  const operands: A.TestExpr[] = [];
  const ops: string[] = [];
  const flatten = (n: A.TestExpr, negate: boolean): void => {
    if (isChain(n)) {
      flatten(n.x, negate);
      ops.push(n.op);
      flatten(n.y, false);
    } else if (n.type === 'UnaryTest' && n.op === '!' && isChain(n.x)) flatten(n.x, !negate);
    else {
      const m = n.type === 'ParenTest' ? { ...n, x: testPrecedence(n.x) } : n.type === 'UnaryTest' ? { ...n, x: testPrecedence(n.x) } : n;
      operands.push(negate ? { type: 'UnaryTest', op: '!', x: m } : m);
    }
  };
  flatten(t, false);
  const terms: A.TestExpr[] = [];
  let acc = operands[0]!;
  ops.forEach((op, i) => {
    if (op === '&&') acc = { type: 'BinaryTest', op, x: acc, y: operands[i + 1]! };
    else {
      terms.push(acc);
      acc = operands[i + 1]!;
    }
  });
  terms.push(acc);
  return terms.reduce((x, y) => ({ type: 'BinaryTest', op: '||', x, y }));
}

/** A Go value inside mvdan-sh (a struct pointer, a slice, a Pos). */
interface GoObj {
  readonly [field: string]: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/** The GopherJS type of a value (its constructor carries the type's name and nil value). */
function goType(x: GoObj): { nil?: unknown; string?: string } {
  return (x as { constructor?: { nil?: unknown; string?: string } }).constructor ?? {};
}

/** nil pointers are typed nil objects, nil interfaces $ifaceNil (no $val). */
function isNil(x: GoObj | null | undefined): boolean {
  return !x || x.$val === undefined || goType(x).nil === x;
}

/** A Go slice as an array (nil slices are empty). */
function list(v: GoObj | null | undefined): GoObj[] {
  if (!v || v.$array === undefined) return [];
  const out: GoObj[] = [];
  for (let i = 0; i < v.$length; i++) out.push(v.$array[v.$offset + i]);
  return out;
}

/** The node type ("CallExpr") of a struct pointer. */
function typeOf(n: GoObj): string {
  const t = String(goType(n).string ?? '');
  return t.slice(t.lastIndexOf('.') + 1);
}

/** The text of a *Lit field: Go's UTF-8 byte string, which is what the shell works on (bytes.ts). */
function lit(v: GoObj | null | undefined): string {
  return isNil(v) ? '' : (v!.Value as string);
}

/** Walks mvdan-sh nodes, building ast.ts nodes with UTF-16 positions. */
class Converter {
  /** UTF-8 byte offset -> UTF-16 index, when the source is not pure ASCII. */
  private readonly byteToIndex: Uint32Array | null = null;
  private readonly lineStarts: number[] = [0];

  constructor(src: string) {
    let ascii = true;
    for (let i = 0; i < src.length; i++) {
      const c = src.charCodeAt(i);
      if (c === 10) this.lineStarts.push(i + 1);
      else if (c > 0x7f) ascii = false;
    }
    if (!ascii) {
      const bytes = new TextEncoder().encode(src);
      const map = new Uint32Array(bytes.length + 1);
      let b = 0;
      for (let i = 0; i < src.length; i++) {
        const c = src.codePointAt(i) ?? 0;
        const n = c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
        for (let k = 0; k < n; k++) map[b + k] = i;
        b += n;
        if (c >= 0x10000) i++;
      }
      map[b] = src.length;
      this.byteToIndex = map;
    }
  }

  pos(p: GoPos | GoObj): A.Pos {
    const line = Number(p.Line());
    const byteOffset = Number(p.Offset());
    const offset = this.byteToIndex ? (this.byteToIndex[byteOffset] ?? 0) : byteOffset;
    const start = this.lineStarts[line - 1] ?? 0;
    return { line, col: offset - start + 1, offset };
  }

  span(n: GoObj): A.Span {
    return { pos: this.pos(n.Pos()), end: this.pos(n.End()) };
  }

  unsupported(n: GoObj, what: string): never {
    const p = this.pos(n.Pos());
    throw new ShellSyntaxError(p.line, p.col, `${what} are not supported`);
  }

  stmts(v: GoObj): A.Stmt[] {
    return list(v).map((s) => this.stmt(s));
  }

  stmt(n: GoObj): A.Stmt {
    if (n.Coprocess) this.unsupported(n, 'coprocesses');
    const cmd = isNil(n.Cmd) ? null : this.command(n.Cmd);
    const redirs = list(n.Redirs).map((r) => this.redirect(r));
    // End at the command or its last redirection, not at a trailing `;` or `&`.
    let end = cmd ? cmd.end : this.pos(n.Pos());
    for (const r of redirs) if (r.end.offset > end.offset) end = r.end;
    return { pos: this.pos(n.Pos()), end, cmd, negated: !!n.Negated, background: !!n.Background, redirs };
  }

  command(n: GoObj): A.Command {
    const t = typeOf(n);
    const span = this.span(n);
    switch (t) {
      case 'CallExpr':
        return { type: t, ...span, assigns: list(n.Assigns).map((a) => this.assign(a)), args: list(n.Args).map((w) => this.word(w, true)) };
      case 'IfClause':
        return this.ifClause(n);
      case 'WhileClause':
        return { type: t, ...span, until: !!n.Until, cond: this.stmts(n.Cond), do: this.stmts(n.Do) };
      case 'ForClause': {
        const loop = n.Loop;
        if (typeOf(loop) === 'WordIter') {
          const items = loop.InPos.IsValid() ? list(loop.Items).map((w) => this.word(w, true)) : null;
          return { type: t, ...span, loop: { type: 'WordIter', name: lit(loop.Name), items }, do: this.stmts(n.Do) };
        }
        const cl: A.CStyleLoop = { type: 'CStyleLoop', init: this.arithOpt(loop.Init), cond: this.arithOpt(loop.Cond), post: this.arithOpt(loop.Post) };
        return { type: t, ...span, loop: cl, do: this.stmts(n.Do) };
      }
      case 'CaseClause':
        return {
          type: t,
          ...span,
          word: this.word(n.Word),
          items: list(n.Items).map((it) => ({
            op: TOKENS[it.Op] as ';;' | ';&' | ';;&',
            patterns: list(it.Patterns).map((w) => this.word(w)),
            stmts: this.stmts(it.Stmts),
          })),
        };
      case 'Block':
      case 'Subshell':
        return { type: t, ...span, stmts: this.stmts(n.Stmts) };
      case 'BinaryCmd':
        return { type: t, ...span, op: TOKENS[n.Op] as A.BinaryCmd['op'], x: this.stmt(n.X), y: this.stmt(n.Y) };
      case 'FuncDecl':
        return { type: t, ...span, name: lit(n.Name), body: this.stmt(n.Body) };
      case 'ArithmCmd':
        return { type: t, ...span, x: this.arith(n.X) };
      case 'TestClause':
        return { type: t, ...span, x: testPrecedence(this.test(n.X)) };
      case 'DeclClause':
        return { type: t, ...span, variant: lit(n.Variant), args: list(n.Args).map((a) => this.assign(a)) };
      case 'LetClause':
        return { type: t, ...span, exprs: list(n.Exprs).map((x) => this.arith(x)) };
      case 'TimeClause':
        return { type: t, ...span, stmt: isNil(n.Stmt) ? null : this.stmt(n.Stmt) };
      case 'CoprocClause':
        return this.unsupported(n, 'coprocesses');
      default:
        return this.unsupported(n, `${t} commands`);
    }
  }

  ifClause(n: GoObj): A.IfClause {
    return { type: 'IfClause', ...this.span(n), cond: this.stmts(n.Cond), then: this.stmts(n.Then), else: isNil(n.Else) ? null : this.ifClause(n.Else) };
  }

  assign(n: GoObj): A.Assign {
    if (!isNil(n.Array) || !isNil(n.Index)) this.unsupported(n, 'arrays');
    return { ...this.span(n), append: !!n.Append, naked: !!n.Naked, name: lit(n.Name), value: isNil(n.Value) ? null : this.word(n.Value) };
  }

  redirect(n: GoObj): A.Redirect {
    return {
      ...this.span(n),
      op: TOKENS[n.Op] as A.RedirOp,
      n: isNil(n.N) ? null : lit(n.N),
      word: this.word(n.Word),
      hdoc: isNil(n.Hdoc) ? null : this.word(n.Hdoc),
    };
  }

  /** A word; `braces`: apply brace expansion ({a,b}, {1..3}) as bash does for command words. */
  word(n: GoObj, braces = false): A.Word {
    let w = n;
    if (braces && list(n.Parts).some((p) => typeOf(p) === 'Lit' && String(p.Value).includes('{'))) {
      // syntax.SplitBraces, called through the exported API with the internal object inside.
      const split = sh.syntax.SplitBraces({ __internal_object__: n } as unknown as GoNode) as unknown as { __internal_object__: GoObj };
      w = split.__internal_object__;
    }
    return { type: 'Word', ...this.span(n), parts: this.parts(w.Parts) };
  }

  parts(v: GoObj): A.WordPart[] {
    return list(v).map((p) => this.part(p));
  }

  part(n: GoObj): A.WordPart {
    const t = typeOf(n);
    switch (t) {
      case 'Lit':
        return { type: t, value: n.Value as string };
      case 'SglQuoted':
        return { type: t, dollar: !!n.Dollar, value: n.Value as string };
      case 'DblQuoted':
        return { type: t, parts: this.parts(n.Parts) };
      case 'ParamExp':
        return this.paramExp(n);
      case 'CmdSubst':
        return { type: t, ...this.span(n), stmts: this.stmts(n.Stmts) };
      case 'ArithmExp':
        return { type: t, ...this.span(n), x: this.arith(n.X) };
      case 'BraceExp':
        return { type: t, sequence: !!n.Sequence, elems: list(n.Elems).map((w) => this.word(w, true)) };
      case 'ProcSubst':
        return this.unsupported(n, 'process substitutions');
      case 'ExtGlob':
        return this.unsupported(n, 'extended globs');
      default:
        return this.unsupported(n, `${t} word parts`);
    }
  }

  paramExp(n: GoObj): A.ParamExp {
    if (!isNil(n.Index)) this.unsupported(n, 'arrays');
    if (n.Names || n.Width) this.unsupported(n, 'these parameter expansions');
    const slice = isNil(n.Slice) ? null : n.Slice;
    const repl = isNil(n.Repl) ? null : n.Repl;
    const exp = isNil(n.Exp) ? null : n.Exp;
    return {
      type: 'ParamExp',
      ...this.span(n),
      short: !!n.Short,
      excl: !!n.Excl,
      length: !!n.Length,
      param: lit(n.Param),
      slice: slice ? { offset: this.arithOpt(slice.Offset), length: this.arithOpt(slice.Length) } : null,
      repl: repl ? { all: !!repl.All, orig: this.word(repl.Orig), with: isNil(repl.With) ? null : this.word(repl.With) } : null,
      exp: exp ? { op: TOKENS[exp.Op] ?? '?', word: isNil(exp.Word) ? null : this.word(exp.Word) } : null,
    };
  }

  arithOpt(n: GoObj): A.Arith | null {
    return isNil(n) ? null : this.arith(n);
  }

  arith(n: GoObj): A.Arith {
    const t = typeOf(n);
    const span = this.span(n);
    switch (t) {
      case 'BinaryArithm':
        return { type: t, ...span, op: TOKENS[n.Op] ?? '?', x: this.arith(n.X), y: this.arith(n.Y) };
      case 'UnaryArithm':
        return { type: t, ...span, op: TOKENS[n.Op] ?? '?', post: !!n.Post, x: this.arith(n.X) };
      case 'ParenArithm':
        return { type: t, ...span, x: this.arith(n.X) };
      default:
        return this.word(n);
    }
  }

  test(n: GoObj): A.TestExpr {
    const t = typeOf(n);
    switch (t) {
      case 'BinaryTest':
        return { type: t, op: TOKENS[n.Op] ?? '?', x: this.test(n.X), y: this.test(n.Y) };
      case 'UnaryTest':
        return { type: t, op: TOKENS[n.Op] ?? '?', x: this.test(n.X) };
      case 'ParenTest':
        return { type: t, x: this.test(n.X) };
      default:
        return this.word(n);
    }
  }
}
