/**
 * Size arguments of coreutils (xstrtoimax with a suffix list: `1m`, `100K`, `5MB` = 5*1000^2,
 * `5MiB`) and of util-linux (parse_size: `1M`, `1MiB`, `1MB`, `0x10`, `1.5G`).
 */

const POWERS: Record<string, number> = { k: 1, K: 1, m: 2, M: 2, g: 3, G: 3, t: 4, T: 4, P: 5, E: 6, Z: 7, Y: 8 };

/**
 * xstrtoimax(s, 10, suffixes "EgGkKmMPtTYZ0"): a decimal integer with an optional sign and one
 * power suffix, itself optionally followed by `B` (powers of 1000), `iB` or `D`. Undefined when
 * invalid.
 */
export function coreutilsSize(s: string, suffixes = 'EgGkKmMPtTYZ0'): number | undefined {
  const m = /^\s*([+-]?\d+)(.*)$/.exec(s);
  if (!m) return undefined;
  const v = Number(m[1]);
  const rest = m[2];
  if (rest === '') return v;
  const c = rest[0];
  if (!suffixes.includes(c) || POWERS[c] === undefined) return undefined;
  let base = 1024;
  let tail = rest.slice(1);
  if (suffixes.includes('0')) {
    if (tail === 'iB') tail = '';
    else if (tail === 'B' || tail === 'D') {
      base = 1000;
      tail = '';
    }
  }
  if (tail !== '') return undefined;
  return v * base ** POWERS[c];
}

/** util-linux parse_size() (strtosize): undefined when invalid. */
export function utilLinuxSize(s: string): number | undefined {
  if (/^\s*-/.test(s)) return undefined;
  const m = /^\s*(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9]\d*)(?:\.(\d+))?(.*)$/.exec(s);
  if (!m) return undefined;
  const x = m[1].startsWith('0x') || m[1].startsWith('0X') ? parseInt(m[1], 16) : m[1].length > 1 && m[1].startsWith('0') ? parseInt(m[1], 8) : Number(m[1]);
  const frac = m[2];
  const suf = m[3];
  if (suf === '') return frac ? undefined : x;
  const letter = suf[0];
  let base = 1024;
  const tail = suf.slice(1);
  if (tail === 'iB' || tail === 'ib') base = 1024;
  else if (tail === 'B' || tail === 'b') base = 1000;
  else if (tail !== '') return undefined;
  const pwr = 'KMGTPEZY'.indexOf(letter.toUpperCase()) + 1;
  if (pwr === 0 || !/[KMGTPEZYkmgtpezy]/.test(letter)) return undefined;
  const unit = base ** pwr;
  let v = x * unit;
  if (frac) v += Math.floor((Number(`0.${frac}`) * unit) + 1e-9);
  return v;
}
