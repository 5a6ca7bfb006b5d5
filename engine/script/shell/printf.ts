/**
 * `printf` formatting (bash's printf builtin, C printf conversions) and `echo -e` escapes.
 * The format is reused while arguments remain; missing arguments are empty / zero.
 */

/** Decode backslash escapes of `echo -e` / `%b`; `stop` after `\c`. */
export function echoEscapes(s: string): { text: string; stop: boolean } {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c !== '\\' || i + 1 >= s.length) {
      out += c;
      continue;
    }
    const n = s[++i]!;
    const simple: Record<string, string> = { n: '\n', t: '\t', r: '\r', a: '\x07', b: '\b', e: '\x1b', E: '\x1b', f: '\f', v: '\v', '\\': '\\' };
    if (simple[n] !== undefined) out += simple[n];
    else if (n === 'c') return { text: out, stop: true };
    else if (n === '0') {
      const m = /^[0-7]{0,3}/.exec(s.slice(i + 1))![0];
      out += String.fromCharCode(parseInt(m || '0', 8));
      i += m.length;
    } else if (n === 'x') {
      const m = /^[0-9a-fA-F]{0,2}/.exec(s.slice(i + 1))![0];
      if (m) {
        out += String.fromCharCode(parseInt(m, 16));
        i += m.length;
      } else out += '\\x';
    } else out += '\\' + n;
  }
  return { text: out, stop: false };
}

/** Escapes of the format string itself (like echo -e, plus \" and octal without a leading 0). */
function formatEscapes(s: string): string {
  return echoEscapes(s.replace(/\\([1-7][0-7]{0,2})/g, (_m, o: string) => String.fromCharCode(parseInt(o, 8))).replace(/\\"/g, '"')).text;
}

/** A numeric argument as bash reads it: decimal, 0x, 0 octal, 'c (character code). */
function toInt(a: string | undefined, errors: string[]): bigint {
  if (a === undefined || a === '') return 0n;
  if (/^['"]/.test(a)) return BigInt(a.codePointAt(1) ?? 0);
  const t = a.trim();
  const m = /^([+-]?)(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)/.exec(t);
  if (!m) {
    errors.push(`${a}: invalid number`);
    return 0n;
  }
  if (m[0].length !== t.length) errors.push(`${a}: invalid number`);
  const body = m[2]!;
  const v = /^0[xX]/.test(body) ? BigInt(body) : body.length > 1 && body[0] === '0' ? BigInt('0o' + body.slice(1)) : BigInt(body);
  return m[1] === '-' ? -v : v;
}

function toFloat(a: string | undefined, errors: string[]): number {
  if (a === undefined || a === '') return 0;
  const v = Number(a);
  if (Number.isNaN(v)) {
    errors.push(`${a}: invalid number`);
    return 0;
  }
  return v;
}

/** Shell-quote for %q. */
function shellQuote(s: string): string {
  if (s === '') return "''";
  return /^[A-Za-z0-9_./=:,+@%^-]+$/.test(s) ? s : s.replace(/[^A-Za-z0-9_./=:,+@%^-]/g, (c) => '\\' + c);
}

function pad(s: string, width: number, left: boolean, zero: boolean): string {
  if (s.length >= width) return s;
  if (left) return s.padEnd(width);
  if (zero) {
    const sign = /^[+ -]/.test(s) ? s[0]! : '';
    const prefix = /^[+ -]?0[xX]/.test(s) ? s.slice(sign.length, sign.length + 2) : '';
    return sign + prefix + s.slice(sign.length + prefix.length).padStart(width - sign.length - prefix.length, '0');
  }
  return s.padStart(width);
}

/** C's %g: shortest of %e / %f at the given precision, trailing zeros removed (unless #). */
function formatG(v: number, prec: number, alt: boolean, upper: boolean): string {
  const p = prec === 0 ? 1 : prec;
  if (v === 0) return alt ? (0).toFixed(p - 1) : '0';
  const exp = Math.floor(Math.log10(Math.abs(v)));
  let s = exp < -4 || exp >= p ? formatE(v, p - 1) : v.toFixed(Math.max(0, p - 1 - exp));
  if (!alt) s = s.replace(/\.?0+(e|$)/, '$1');
  return upper ? s.toUpperCase() : s;
}

function formatE(v: number, prec: number): string {
  return v.toExponential(prec).replace(/e([+-])(\d)$/, 'e$10$2');
}

/** Format like the printf builtin. */
export function formatPrintf(format: string, args: string[]): { text: string; errors: string[] } {
  const errors: string[] = [];
  let out = '';
  let ai = 0;
  const spec = /%([-+ #0]*)(\*|[0-9]+)?(?:\.(\*|[0-9]*))?([diouxXeEfFgGcsbq%])/g;
  for (;;) {
    const start = ai;
    let last = 0;
    let stopped = false;
    spec.lastIndex = 0;
    for (let m = spec.exec(format); m; m = spec.exec(format)) {
      out += formatEscapes(format.slice(last, m.index));
      last = m.index + m[0].length;
      const [, flags = '', w, p, conv] = m;
      if (conv === '%') {
        out += '%';
        continue;
      }
      const width = w === '*' ? Number(toInt(args[ai++], errors)) : Number(w ?? 0);
      const prec = p === '*' ? Number(toInt(args[ai++], errors)) : p === undefined ? undefined : Number(p || 0);
      const arg = args[ai++];
      const left = flags.includes('-') || width < 0;
      const zero = flags.includes('0') && !left;
      let s: string;
      switch (conv) {
        case 's':
          s = prec === undefined ? (arg ?? '') : (arg ?? '').slice(0, prec);
          break;
        case 'b': {
          const r = echoEscapes(arg ?? '');
          s = r.text;
          stopped = r.stop;
          break;
        }
        case 'q':
          s = shellQuote(arg ?? '');
          break;
        case 'c':
          s = (arg ?? '').slice(0, 1);
          break;
        case 'd':
        case 'i': {
          const v = toInt(arg, errors);
          s = (v < 0n ? '-' : flags.includes('+') ? '+' : flags.includes(' ') ? ' ' : '') + (v < 0n ? -v : v).toString().padStart(prec ?? 0, '0');
          break;
        }
        case 'o':
        case 'u':
        case 'x':
        case 'X': {
          let v = toInt(arg, errors);
          if (v < 0n) v = BigInt.asUintN(64, v);
          s = v.toString(conv === 'o' ? 8 : conv === 'u' ? 10 : 16).padStart(prec ?? 0, '0');
          if (conv === 'X') s = s.toUpperCase();
          if (flags.includes('#') && v !== 0n) s = (conv === 'o' ? '0' : conv === 'x' ? '0x' : conv === 'X' ? '0X' : '') + s;
          break;
        }
        default: {
          const v = toFloat(arg, errors);
          const pr = prec ?? 6;
          const c = conv!.toLowerCase();
          s = c === 'f' ? v.toFixed(pr) : c === 'e' ? formatE(v, pr) : formatG(v, pr, flags.includes('#'), conv === 'G');
          if (conv === 'E' || conv === 'F') s = s.toUpperCase();
          if (v >= 0 && flags.includes('+')) s = '+' + s;
          else if (v >= 0 && flags.includes(' ')) s = ' ' + s;
        }
      }
      out += pad(s, Math.abs(width), left, zero && !'sbqc'.includes(conv!));
      if (stopped) return { text: out, errors };
    }
    out += formatEscapes(format.slice(last));
    if (ai >= args.length || ai === start) break;
  }
  return { text: out, errors };
}
