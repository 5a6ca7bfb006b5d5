/**
 * Shell patterns (bash "Pattern Matching"): `*`, `?`, `[...]` for globbing, `case`, `[[ == ]]` and
 * `${v#p}`-style trimming. A pattern is a string in which a backslash quotes the next character;
 * expansion.ts escapes quoted text that way, so `"*"` matches only a star.
 */

const SPECIAL = /[*?[\]\\]/g;

/** Quote every pattern character of `s` (for quoted text inside a pattern). */
export function escapePattern(s: string): string {
  return s.replace(SPECIAL, (c) => '\\' + c);
}

/** Remove pattern quoting: the literal text a pattern stands for when it is not a glob. */
export function unescapePattern(p: string): string {
  return p.replace(/\\(.)/gs, '$1');
}

/** Whether the pattern has an unquoted `*`, `?` or `[` (so it is a glob, not a plain word). */
export function hasGlob(p: string): boolean {
  for (let i = 0; i < p.length; i++) {
    const c = p[i];
    if (c === '\\') i++;
    else if (c === '*' || c === '?' || (c === '[' && bracketEnd(p, i) > 0)) return true;
  }
  return false;
}

const cache = new Map<string, RegExp>();

/** The pattern as an anchored regular expression (whole-string match). */
export function patternRegExp(p: string): RegExp {
  let re = cache.get(p);
  if (!re) {
    try {
      re = new RegExp('^(?:' + patternSource(p) + ')$', 's');
    } catch {
      // A bracket with a range out of order (`[--none--]`): no name matches it, as in bash.
      re = /(?!)/;
    }
    if (cache.size > 500) cache.clear();
    cache.set(p, re);
  }
  return re;
}

/** Whether `s` matches the whole pattern. */
export function matchPattern(p: string, s: string): boolean {
  return patternRegExp(p).test(s);
}

/** Regular-expression source for a pattern, unanchored. */
export function patternSource(p: string): string {
  let out = '';
  for (let i = 0; i < p.length; i++) {
    const c = p[i]!;
    if (c === '\\') {
      i++;
      out += i < p.length ? reEscape(p[i]!) : '\\\\';
    } else if (c === '*') out += '[\\s\\S]*';
    else if (c === '?') out += '[\\s\\S]';
    else if (c === '[') {
      const end = bracketEnd(p, i);
      if (end < 0) out += '\\[';
      else {
        out += bracketSource(p.slice(i + 1, end));
        i = end;
      }
    } else out += reEscape(c);
  }
  return out;
}

/** Index of the `]` closing the bracket expression opened at `start`, or -1. */
function bracketEnd(p: string, start: number): number {
  let i = start + 1;
  if (p[i] === '!' || p[i] === '^') i++;
  if (p[i] === ']') i++;
  for (; i < p.length; i++) {
    if (p[i] === '\\') i++;
    else if (p[i] === '[' && p[i + 1] === ':') {
      const close = p.indexOf(':]', i + 2);
      if (close > 0) i = close + 1;
    } else if (p[i] === ']') return i;
  }
  return -1;
}

const CLASSES: Record<string, string> = {
  alpha: 'a-zA-Z', digit: '0-9', alnum: 'a-zA-Z0-9', upper: 'A-Z', lower: 'a-z', space: ' \\t\\n\\r\\f\\v',
  blank: ' \\t', punct: '!-\\/:-@\\[-`{-~', xdigit: '0-9A-Fa-f', print: ' -~', graph: '!-~', cntrl: '\\x00-\\x1f\\x7f',
};

/** A bracket expression body (between `[` and `]`) as a regular-expression class. */
function bracketSource(body: string): string {
  let i = 0;
  let out = '[';
  if (body[0] === '!' || body[0] === '^') {
    out += '^';
    i = 1;
  }
  for (; i < body.length; i++) {
    const c = body[i]!;
    if (c === '[' && body[i + 1] === ':') {
      const close = body.indexOf(':]', i + 2);
      const name = close > 0 ? body.slice(i + 2, close) : '';
      if (CLASSES[name] !== undefined) {
        out += CLASSES[name];
        i = close + 1;
        continue;
      }
    }
    if (c === '\\') {
      i++;
      out += reEscapeInClass(body[i] ?? '\\');
    } else if (c === '-' && i > 0 && i < body.length - 1) out += '-';
    else out += reEscapeInClass(c);
  }
  return out + ']';
}

function reEscape(c: string): string {
  return /[.*+?^${}()|[\]\\/]/.test(c) ? '\\' + c : c;
}

function reEscapeInClass(c: string): string {
  return /[\]\\^-]/.test(c) ? '\\' + c : c;
}

/**
 * `${v#p}` / `${v##p}` / `${v%p}` / `${v%%p}`: remove the shortest or longest prefix or suffix
 * matching the pattern.
 */
export function trimPattern(value: string, p: string, op: '#' | '##' | '%' | '%%'): string {
  const re = patternRegExp(p);
  const n = value.length;
  if (op === '#') {
    for (let i = 0; i <= n; i++) if (re.test(value.slice(0, i))) return value.slice(i);
  } else if (op === '##') {
    for (let i = n; i >= 0; i--) if (re.test(value.slice(0, i))) return value.slice(i);
  } else if (op === '%') {
    for (let i = n; i >= 0; i--) if (re.test(value.slice(i))) return value.slice(0, i);
  } else {
    for (let i = 0; i <= n; i++) if (re.test(value.slice(i))) return value.slice(0, i);
  }
  return value;
}

/**
 * `${v/p/r}` (first match) and `${v//p/r}` (all): the longest match at the leftmost position; a
 * pattern starting with `#` / `%` is anchored at the start / end.
 */
export function replacePattern(value: string, p: string, rep: string, all: boolean): string {
  let anchor = '';
  if (p.startsWith('#') || p.startsWith('%')) {
    anchor = p[0]!;
    p = p.slice(1);
  }
  const re = patternRegExp(p);
  if (anchor === '#') {
    for (let j = value.length; j >= 0; j--) if (re.test(value.slice(0, j))) return rep + value.slice(j);
    return value;
  }
  if (anchor === '%') {
    for (let i = 0; i <= value.length; i++) if (re.test(value.slice(i))) return value.slice(0, i) + rep;
    return value;
  }
  let out = '';
  let i = 0;
  while (i <= value.length) {
    let j = value.length;
    for (; j > i; j--) if (re.test(value.slice(i, j))) break;
    if (j > i) {
      out += rep;
      i = j;
      if (!all) return out + value.slice(i);
    } else {
      if (i < value.length) out += value[i];
      i++;
    }
  }
  return out;
}
