/**
 * `[[ expr ]]`: no word splitting or globbing, `==` / `!=` match a pattern, `=~` a regular
 * expression, `-eq` and friends compare arithmetic values, `&&` / `||` short-circuit.
 */
import type { TestExpr, Word } from './ast.js';
import { binaryTest, compareIntegers, TestError, unaryTest, type TestEnv } from './conditional.js';
import { expandPattern, expandString } from './expansion.js';
import type { Interp } from './interpreter.js';
import { matchPattern } from './pattern.js';

/** The file tests of `test` and `[[ ]]`, answered through the shell's file namespace. */
export function testEnv(sh: Interp): TestEnv {
  return {
    fileTest: (op, path) => fileTest(sh, op, path),
    isSet: (name) => sh.get(name) !== undefined,
  };
}

function fileTest(sh: Interp, op: string, path: string): boolean {
  if (op === '-t') return false; // no terminal: fds are files and pipes
  if (path === '') return false;
  const info = sh.rt.fs.tryStat(path, sh.st.cwd);
  if (!info) return false;
  switch (op) {
    case '-e':
    case '-r':
    case '-w':
      return true;
    case '-f':
      return info.type === 'file';
    case '-d':
      return info.type === 'dir';
    case '-s':
      return info.size > 0;
    case '-x':
      return info.type === 'dir';
    case '-b':
      return info.type === 'block';
    case '-c':
      return info.type === 'char';
    case '-O':
    case '-G':
      return true; // the shell runs as root
    default:
      return false; // -L -h -p -S -g -u -k -N: no such files here
  }
}

/** Evaluate a [[ ]] expression. Throws TestError. */
export function evalTestClause(sh: Interp, x: TestExpr): boolean {
  const env = sh.expandEnv;
  const str = (t: TestExpr): string => {
    if (t.type !== 'Word') throw new TestError('conditional binary operator expected');
    return expandString(t, env);
  };
  switch (x.type) {
    case 'Word':
      return str(x) !== '';
    case 'ParenTest':
      return evalTestClause(sh, x.x);
    case 'UnaryTest':
      if (x.op === '!') return !evalTestClause(sh, x.x);
      return unaryTest(x.op, str(x.x), testEnv(sh));
    case 'BinaryTest':
      switch (x.op) {
        case '&&':
          return evalTestClause(sh, x.x) && evalTestClause(sh, x.y);
        case '||':
          return evalTestClause(sh, x.x) || evalTestClause(sh, x.y);
        case '=':
        case '==':
        case '!=': {
          const m = matchPattern(expandPattern(x.y as Word, env), str(x.x));
          return x.op === '!=' ? !m : m;
        }
        case '=~': {
          let re: RegExp;
          try {
            re = new RegExp(str(x.y));
          } catch {
            return false;
          }
          return re.test(str(x.x));
        }
        case '-eq':
        case '-ne':
        case '-lt':
        case '-le':
        case '-gt':
        case '-ge':
          return compareIntegers(x.op, arithValue(sh, str(x.x)), arithValue(sh, str(x.y)));
        default:
          return binaryTest(x.op, str(x.x), str(x.y), testEnv(sh));
      }
  }
}

/** An operand of -eq in [[ ]]: evaluated as an arithmetic expression. */
function arithValue(sh: Interp, text: string): bigint {
  return sh.arithText(text);
}
