/**
 * Conditional expressions (bash "Bash Conditional Expressions"): the `test` / `[` builtin over
 * its argument list, and the operators `[[ ]]` shares with it.
 */

/** File and variable questions, answered by the shell. */
export interface TestEnv {
  /** Unary file operators: -e -f -d -s -r -w -x -b -c -p -S -L -h -g -u -k -O -G -N -t. */
  fileTest(op: string, path: string): boolean;
  /** -v name */
  isSet(name: string): boolean;
}

/** A malformed test; printed as `[: message` (exit status 2). */
export class TestError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TestError';
  }
}

const UNARY_FILE = new Set(['-e', '-a', '-f', '-d', '-s', '-r', '-w', '-x', '-b', '-c', '-p', '-S', '-L', '-h', '-g', '-u', '-k', '-O', '-G', '-N', '-t']);
const BINARY = new Set(['=', '==', '!=', '<', '>', '-eq', '-ne', '-lt', '-le', '-gt', '-ge', '-nt', '-ot', '-ef']);

/** Whether `op` is a unary operator of test / [[ ]]. */
export function isUnaryOp(op: string): boolean {
  return UNARY_FILE.has(op) || op === '-z' || op === '-n' || op === '-v' || op === '-o';
}

/** Apply a unary operator. */
export function unaryTest(op: string, arg: string, env: TestEnv): boolean {
  if (op === '-z') return arg === '';
  if (op === '-n') return arg !== '';
  if (op === '-v') return env.isSet(arg);
  if (op === '-o') return false; // shell options: none are reported as set
  if (op === '-a') op = '-e';
  return env.fileTest(op, arg);
}

/** An integer operand of -eq and friends in `test`. */
export function testInteger(s: string): bigint {
  if (!/^\s*[+-]?[0-9]+\s*$/.test(s)) throw new TestError(`${s}: integer expression expected`);
  return BigInt(s.trim());
}

/** Integer comparison operators on already-evaluated operands. */
export function compareIntegers(op: string, a: bigint, b: bigint): boolean {
  switch (op) {
    case '-eq':
      return a === b;
    case '-ne':
      return a !== b;
    case '-lt':
      return a < b;
    case '-le':
      return a <= b;
    case '-gt':
      return a > b;
    default:
      return a >= b;
  }
}

/** A binary operator of `test` (string equality is literal here, not a pattern). */
export function binaryTest(op: string, a: string, b: string, env: TestEnv): boolean {
  switch (op) {
    case '=':
    case '==':
      return a === b;
    case '!=':
      return a !== b;
    case '<':
      return a < b;
    case '>':
      return a > b;
    case '-nt':
    case '-ot':
    case '-ef':
      // The simulated files carry no usable times; -ef is "same path".
      return op === '-ef' ? env.fileTest('-e', a) && a === b : false;
    default:
      return compareIntegers(op, testInteger(a), testInteger(b));
  }
}

/**
 * The `test` builtin: evaluate its arguments (without the closing `]`). POSIX rules decide one to
 * four arguments; longer lists are parsed with `!`, `-a`, `-o` and parentheses.
 */
export function testArgs(args: readonly string[], env: TestEnv): boolean {
  const p = new TestParser(args, env);
  switch (args.length) {
    case 0:
      return false;
    case 1:
      return args[0] !== '';
    case 2:
      if (args[0] === '!') return args[1] === '';
      if (isUnaryOp(args[0]!)) return unaryTest(args[0]!, args[1]!, env);
      throw new TestError(`${args[0]}: unary operator expected`);
    case 3:
      if (BINARY.has(args[1]!)) return binaryTest(args[1]!, args[0]!, args[2]!, env);
      if (args[1] === '-a') return args[0] !== '' && args[2] !== '';
      if (args[1] === '-o') return args[0] !== '' || args[2] !== '';
      if (args[0] === '!') return !testArgs(args.slice(1), env);
      if (args[0] === '(' && args[2] === ')') return args[1] !== '';
      throw new TestError(`${args[1]}: binary operator expected`);
    case 4:
      if (args[0] === '!') return !testArgs(args.slice(1), env);
      if (args[0] === '(' && args[3] === ')') return testArgs(args.slice(1, 3), env);
  }
  const v = p.or();
  if (!p.done()) throw new TestError('too many arguments');
  return v;
}

/** Recursive descent over test arguments: or := and (-o and)*, and := not (-a not)*. */
class TestParser {
  private i = 0;
  constructor(
    private readonly args: readonly string[],
    private readonly env: TestEnv,
  ) {}

  done(): boolean {
    return this.i >= this.args.length;
  }

  or(): boolean {
    let v = this.and();
    while (this.args[this.i] === '-o') {
      this.i++;
      const r = this.and();
      v = v || r;
    }
    return v;
  }

  and(): boolean {
    let v = this.not();
    while (this.args[this.i] === '-a') {
      this.i++;
      const r = this.not();
      v = v && r;
    }
    return v;
  }

  not(): boolean {
    if (this.args[this.i] === '!') {
      this.i++;
      return !this.not();
    }
    return this.primary();
  }

  primary(): boolean {
    const a = this.args;
    const t = a[this.i];
    if (t === undefined) throw new TestError('argument expected');
    if (t === '(') {
      this.i++;
      const v = this.or();
      if (a[this.i] !== ')') throw new TestError("`)' expected");
      this.i++;
      return v;
    }
    if (a[this.i + 1] !== undefined && BINARY.has(a[this.i + 1]!) && a[this.i + 2] !== undefined) {
      this.i += 3;
      return binaryTest(a[this.i - 2]!, t, a[this.i - 1]!, this.env);
    }
    if (isUnaryOp(t) && a[this.i + 1] !== undefined) {
      this.i += 2;
      return unaryTest(t, a[this.i - 1]!, this.env);
    }
    this.i++;
    return t !== '';
  }
}
