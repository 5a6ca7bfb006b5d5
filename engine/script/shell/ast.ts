/**
 * The shell syntax tree the interpreter walks: the node shapes of mvdan/sh's `syntax` package
 * (https://pkg.go.dev/mvdan.cc/sh/v3/syntax), as plain objects with operator strings instead of
 * token numbers. parser.ts builds it from mvdan-sh's tree; nothing else depends on mvdan-sh.
 * Word text is a byte string (UTF-8 bytes, one per character: see bytes.ts); positions refer to
 * the script as a JavaScript string.
 */

/** A source position: 1-based line and column (UTF-16 units), 0-based string offset. */
export interface Pos {
  line: number;
  col: number;
  offset: number;
}

/** A node's extent in the source; `end` is exclusive. */
export interface Span {
  pos: Pos;
  end: Pos;
}

/** A whole script. */
export interface File {
  stmts: Stmt[];
}

/** One command with its negation, background flag and redirections (`! cmd >f &`). */
export interface Stmt extends Span {
  cmd: Command | null;
  negated: boolean;
  background: boolean;
  redirs: Redirect[];
}

/** Every command form the interpreter runs. */
export type Command =
  | CallExpr
  | IfClause
  | WhileClause
  | ForClause
  | CaseClause
  | Block
  | Subshell
  | BinaryCmd
  | FuncDecl
  | ArithmCmd
  | TestClause
  | DeclClause
  | LetClause
  | TimeClause;

/** A simple command: assignments then words (`a=1 cmd arg`). */
export interface CallExpr extends Span {
  type: 'CallExpr';
  assigns: Assign[];
  args: Word[];
}

/** `if cond; then ...; elif ...; else ...; fi`; an `else` is an IfClause with no condition. */
export interface IfClause extends Span {
  type: 'IfClause';
  cond: Stmt[];
  then: Stmt[];
  else: IfClause | null;
}

/** `while` / `until` loops. */
export interface WhileClause extends Span {
  type: 'WhileClause';
  until: boolean;
  cond: Stmt[];
  do: Stmt[];
}

/** `for name in words` (items null: no `in`, iterate "$@") or `for ((init; cond; post))`. */
export interface ForClause extends Span {
  type: 'ForClause';
  loop: { type: 'WordIter'; name: string; items: Word[] | null } | CStyleLoop;
  do: Stmt[];
}

/** The header of `for ((init; cond; post))`; absent parts are null. */
export interface CStyleLoop {
  type: 'CStyleLoop';
  init: Arith | null;
  cond: Arith | null;
  post: Arith | null;
}

/** `case word in pattern) ...;; esac`. */
export interface CaseClause extends Span {
  type: 'CaseClause';
  word: Word;
  items: { op: ';;' | ';&' | ';;&'; patterns: Word[]; stmts: Stmt[] }[];
}

/** `{ ...; }` */
export interface Block extends Span {
  type: 'Block';
  stmts: Stmt[];
}

/** `( ... )` */
export interface Subshell extends Span {
  type: 'Subshell';
  stmts: Stmt[];
}

/** `x && y`, `x || y`, `x | y`, `x |& y`. */
export interface BinaryCmd extends Span {
  type: 'BinaryCmd';
  op: '&&' | '||' | '|' | '|&';
  x: Stmt;
  y: Stmt;
}

/** `name() body` */
export interface FuncDecl extends Span {
  type: 'FuncDecl';
  name: string;
  body: Stmt;
}

/** `(( expr ))` */
export interface ArithmCmd extends Span {
  type: 'ArithmCmd';
  x: Arith;
}

/** `[[ expr ]]` */
export interface TestClause extends Span {
  type: 'TestClause';
  x: TestExpr;
}

/** `local`, `declare`, `export`, `readonly`, `typeset` with their operands. */
export interface DeclClause extends Span {
  type: 'DeclClause';
  variant: string;
  args: Assign[];
}

/** `let expr...` */
export interface LetClause extends Span {
  type: 'LetClause';
  exprs: Arith[];
}

/** `time cmd` (runs the command; the simulated clock makes timing meaningless). */
export interface TimeClause extends Span {
  type: 'TimeClause';
  stmt: Stmt | null;
}

/**
 * `name=value`, `name+=value`; `naked` is an operand without `=` (`local x`, or a word like `-x`
 * in `declare -x`, whose text is then in `name`).
 */
export interface Assign extends Span {
  append: boolean;
  naked: boolean;
  name: string;
  value: Word | null;
}

/** Redirection operators. */
export type RedirOp = '>' | '>>' | '<' | '<>' | '<&' | '>&' | '>|' | '<<' | '<<-' | '<<<' | '&>' | '&>>';

/** `[n]op word`; `hdoc` is the here-document body for `<<` / `<<-`. */
export interface Redirect extends Span {
  op: RedirOp;
  n: string | null;
  word: Word;
  hdoc: Word | null;
}

/** A shell word: parts concatenated, then expanded. */
export interface Word extends Span {
  type: 'Word';
  parts: WordPart[];
}

/** The pieces of a word. */
export type WordPart = Lit | SglQuoted | DblQuoted | ParamExp | CmdSubst | ArithmExp | BraceExp;

/** Unquoted literal text (tilde and glob characters still active). */
export interface Lit {
  type: 'Lit';
  value: string;
}

/** `'text'` or `$'text'` (dollar: backslash escapes are decoded by the interpreter). */
export interface SglQuoted {
  type: 'SglQuoted';
  dollar: boolean;
  value: string;
}

/** `"..."` */
export interface DblQuoted {
  type: 'DblQuoted';
  parts: WordPart[];
}

/** `$name`, `${name op word}` and friends. */
export interface ParamExp extends Span {
  type: 'ParamExp';
  short: boolean; // $x rather than ${x}
  excl: boolean; // ${!x}
  length: boolean; // ${#x}
  param: string;
  slice: { offset: Arith | null; length: Arith | null } | null; // ${x:o:l}
  repl: { all: boolean; orig: Word; with: Word | null } | null; // ${x/a/b}
  exp: { op: string; word: Word | null } | null; // ${x:-w}, ${x#p}, ...
}

/** `$(...)` or backquotes. */
export interface CmdSubst extends Span {
  type: 'CmdSubst';
  stmts: Stmt[];
}

/** `$(( expr ))` */
export interface ArithmExp extends Span {
  type: 'ArithmExp';
  x: Arith;
}

/** `{a,b}` (sequence false) or `{1..5}` (sequence true; elems are the bounds and step). */
export interface BraceExp {
  type: 'BraceExp';
  sequence: boolean;
  elems: Word[];
}

/** Arithmetic expressions. A Word operand is a number, a variable name or an expansion. */
export type Arith =
  | { type: 'BinaryArithm'; op: string; x: Arith; y: Arith; pos: Pos; end: Pos }
  | { type: 'UnaryArithm'; op: string; post: boolean; x: Arith; pos: Pos; end: Pos }
  | { type: 'ParenArithm'; x: Arith; pos: Pos; end: Pos }
  | Word;

/** `[[ ]]` expressions. */
export type TestExpr =
  | { type: 'BinaryTest'; op: string; x: TestExpr; y: TestExpr }
  | { type: 'UnaryTest'; op: string; x: TestExpr }
  | { type: 'ParenTest'; x: TestExpr }
  | Word;
