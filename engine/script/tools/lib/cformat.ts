/**
 * The few C printf conversions the real tools use, with glibc's exact results: `%.Nf` rounds the
 * exact binary value half-to-even (JavaScript's toFixed rounds ties up), `%d/%u/%o/%x/%s` honour
 * the flags `-0+ #` plus width and precision, and non-finite values print as glibc prints them.
 */

/** Parsed flags/width/precision of one conversion (`%-10s` → { left: true, width: 10 }). */
export interface ConvSpec {
  left?: boolean;
  zero?: boolean;
  plus?: boolean;
  space?: boolean;
  alt?: boolean;
  width?: number;
  precision?: number;
}

/** Parses the flags, width and precision between `%` and the conversion letter. */
export function parseSpec(text: string): ConvSpec {
  const spec: ConvSpec = {};
  let i = 0;
  for (; i < text.length; i++) {
    const c = text[i];
    if (c === '-') spec.left = true;
    else if (c === '0') spec.zero = true;
    else if (c === '+') spec.plus = true;
    else if (c === ' ') spec.space = true;
    else if (c === '#') spec.alt = true;
    else if (c === "'" || c === 'I') continue; // grouping / locale digits: nothing in the C locale
    else break;
  }
  const w = /^\d+/.exec(text.slice(i));
  if (w) {
    spec.width = Number(w[0]);
    i += w[0].length;
  }
  if (text[i] === '.') {
    const p = /^\d*/.exec(text.slice(i + 1));
    spec.precision = p ? Number(p[0] || '0') : 0;
  }
  return spec;
}

/** Pads `body` (after `sign`/`prefix`) to the spec's width. */
function pad(sign: string, body: string, spec: ConvSpec, zeroOk: boolean): string {
  const width = spec.width ?? 0;
  const len = sign.length + body.length;
  if (len >= width) return sign + body;
  if (spec.left) return sign + body + ' '.repeat(width - len);
  if (spec.zero && zeroOk) return sign + '0'.repeat(width - len) + body;
  return ' '.repeat(width - len) + sign + body;
}

/** %d %i %u %o %x %X of an integer (number or bigint), as printf prints it. */
export function formatInt(value: number | bigint, conv: 'd' | 'u' | 'o' | 'x' | 'X', spec: ConvSpec = {}): string {
  let v = BigInt(value);
  let sign = '';
  if (conv === 'd') {
    if (v < 0n) {
      sign = '-';
      v = -v;
    } else if (spec.plus) sign = '+';
    else if (spec.space) sign = ' ';
  } else if (v < 0n) {
    v = BigInt.asUintN(64, v);
  }
  const radix = conv === 'o' ? 8 : conv === 'd' || conv === 'u' ? 10 : 16;
  let digits = v.toString(radix);
  if (conv === 'X') digits = digits.toUpperCase();
  if (spec.precision !== undefined) {
    if (spec.precision === 0 && v === 0n) digits = '';
    digits = digits.padStart(spec.precision, '0');
  }
  if (spec.alt && conv === 'o' && !digits.startsWith('0')) digits = '0' + digits;
  if (spec.alt && (conv === 'x' || conv === 'X') && v !== 0n) sign = conv === 'x' ? '0x' : '0X';
  return pad(sign, digits, spec, spec.precision === undefined);
}

/** %s with width and precision. */
export function formatStr(s: string, spec: ConvSpec = {}): string {
  const body = spec.precision !== undefined ? s.slice(0, spec.precision) : s;
  return pad('', body, spec, false);
}

/** The exact value of a finite double as numerator / 2^shift (shift >= 0). */
function exactParts(x: number): { num: bigint; shift: bigint } {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const bits = view.getBigUint64(0);
  const exp = Number((bits >> 52n) & 0x7ffn);
  let mant = bits & 0xfffffffffffffn;
  let e: number;
  if (exp === 0) e = -1074;
  else {
    mant |= 1n << 52n;
    e = exp - 1075;
  }
  if (e >= 0) return { num: mant << BigInt(e), shift: 0n };
  return { num: mant, shift: BigInt(-e) };
}

/**
 * printf("%.{prec}f", x) as glibc prints it: the exact binary value rounded half-to-even;
 * infinities print `inf`, NaN prints `-nan` (what 0.0/0.0 yields on x86, the case the tools hit).
 */
export function formatFixed(x: number, prec: number, spec: ConvSpec = {}): string {
  if (Number.isNaN(x)) return pad('', '-nan', spec, false);
  if (!Number.isFinite(x)) return pad(x < 0 ? '-' : spec.plus ? '+' : '', 'inf', spec, false);
  const negative = x < 0 || Object.is(x, -0);
  const { num, shift } = exactParts(Math.abs(x));
  const scaled = num * 10n ** BigInt(prec);
  let q = scaled >> shift;
  if (shift > 0n) {
    const r = scaled - (q << shift);
    const half = 1n << (shift - 1n);
    if (r > half || (r === half && (q & 1n) === 1n)) q += 1n;
  }
  let digits = q.toString();
  if (prec > 0) {
    digits = digits.padStart(prec + 1, '0');
    digits = `${digits.slice(0, -prec)}.${digits.slice(-prec)}`;
  }
  const sign = negative ? '-' : spec.plus ? '+' : spec.space ? ' ' : '';
  return pad(sign, digits, spec, true);
}
