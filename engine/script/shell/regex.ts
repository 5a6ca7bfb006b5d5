/**
 * POSIX regular expressions (basic and extended, with the GNU extensions grep and sed accept) as
 * JavaScript RegExps: BRE's `\(` `\{` `\|` `\+` `\?` become operators, its bare `( { | + ?` become
 * literals, bracket expressions keep their POSIX meaning ([:alpha:], a literal backslash).
 */

const CLASSES: Record<string, string> = {
  alpha: 'a-zA-Z', digit: '0-9', alnum: 'a-zA-Z0-9', upper: 'A-Z', lower: 'a-z', space: ' \\t\\n\\r\\f\\v',
  blank: ' \\t', punct: '!-\\/:-@\\[-`{-~', xdigit: '0-9A-Fa-f', print: ' -~', graph: '!-~', cntrl: '\\x00-\\x1f\\x7f',
};

/** Translate a bracket expression starting at src[i] === '['; returns [jsClass, next index]. */
function bracket(src: string, i: number): [string, number] {
  let j = i + 1;
  let out = '[';
  if (src[j] === '^') {
    out += '^';
    j++;
  }
  let first = true;
  for (; j < src.length; j++) {
    const c = src[j]!;
    if (c === ']' && !first) return [out + ']', j + 1];
    first = false;
    if (c === '[' && src[j + 1] === ':') {
      const end = src.indexOf(':]', j + 2);
      const name = end > 0 ? src.slice(j + 2, end) : '';
      if (CLASSES[name] !== undefined) {
        out += CLASSES[name];
        j = end + 1;
        continue;
      }
    }
    out += c === '\\' || c === '[' || (c === ']' && out.length <= 2) ? '\\' + c : c;
  }
  throw new SyntaxError('Unmatched [, [^, [:, [., or [=');
}

/** Regular-expression source for a POSIX BRE (`extended` false) or ERE. */
export function posixSource(src: string, extended: boolean): string {
  let out = '';
  let atStart = true; // where a BRE `*` is literal
  for (let i = 0; i < src.length; ) {
    const c = src[i]!;
    if (c === '[') {
      const [cls, next] = bracket(src, i);
      out += cls;
      i = next;
      atStart = false;
      continue;
    }
    if (c === '\\' && i + 1 < src.length) {
      const n = src[i + 1]!;
      i += 2;
      if (n === '<' || n === '>') out += '\\b';
      else if (!extended && '(){}|+?'.includes(n)) {
        out += n;
        atStart = n === '(' || n === '|';
        continue;
      } else if (extended && '(){}|+?'.includes(n)) out += '\\' + n;
      else if (/[0-9]/.test(n) || /[wWsSbBnt]/.test(n)) out += '\\' + n;
      else out += /[.*+?^${}()|[\]\\/]/.test(n) ? '\\' + n : n;
      atStart = false;
      continue;
    }
    i++;
    if (!extended && '(){}|+?'.includes(c)) out += '\\' + c;
    else if (!extended && c === '*' && atStart) out += '\\*';
    else if (c === '/') out += '\\/';
    else out += c;
    atStart = c === '^' && out.length === 1;
    if (extended && (c === '(' || c === '|')) atStart = true;
  }
  return out;
}

/** Compile a POSIX regular expression; throws SyntaxError with a grep-like message. */
export function posixRegExp(src: string, opts: { extended: boolean; icase?: boolean; global?: boolean }): RegExp {
  const flags = (opts.icase ? 'i' : '') + (opts.global ? 'g' : '');
  try {
    return new RegExp(posixSource(src, opts.extended), flags);
  } catch (e) {
    throw new SyntaxError(e instanceof SyntaxError && /Unmatched/.test(e.message) ? e.message : 'Invalid regular expression');
  }
}
