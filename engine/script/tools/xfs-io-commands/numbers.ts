/**
 * Number parsing and printing of xfsprogs (libfrog/convert.c, libxcmd/input.c and command.c):
 * cvtnum() for sizes with k/m/g/t/p/e, b (filesystem blocks) and s (sectors) suffixes, C's strtoul
 * for seeds and modes, and the `wrote N/M bytes at offset X` + timing lines of report_io_times().
 */
import { formatFixed } from '../lib/cformat.js';

/**
 * C strtoll/strtoull with base 0: optional sign, 0x hex, leading-0 octal, decimal. Returns the
 * value and how many characters were consumed (0 = no number).
 */
export function strtoll(s: string): { value: number; end: number } {
  const m = /^\s*([+-]?)(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)/.exec(s);
  if (!m) {
    // "0x" with no hex digit parses as 0, consuming the "0".
    const z = /^\s*[+-]?0/.exec(s);
    return z ? { value: 0, end: z[0].length } : { value: 0, end: 0 };
  }
  const body = m[2];
  let v: number;
  if (/^0[xX]/.test(body)) v = parseInt(body.slice(2), 16);
  else if (body.length > 1 && body.startsWith('0')) v = parseInt(body, 8);
  else v = parseInt(body, 10);
  return { value: m[1] === '-' ? -v : v, end: m[0].length };
}

/** C strtoul(s, &end, 0) for seeds/modes: undefined when no digits were consumed. */
export function strtoulArg(s: string): number | undefined {
  const r = strtoll(s);
  if (r.end === 0) return undefined;
  return r.value < 0 ? (r.value % 2 ** 32) + 2 ** 32 : r.value;
}

/**
 * cvtnum(blocksize, sectsize, s): a size in bytes, or -1 when `s` is not a number with at most one
 * suffix letter (k m g t p e are powers of 1024, b = filesystem blocks, s = sectors).
 */
export function cvtnum(blocksize: number, sectsize: number, s: string): number {
  const { value, end } = strtoll(s);
  if (value === 0 && end === 0) return -1;
  const rest = s.slice(end);
  if (rest === '') return value;
  if (rest.length !== 1) return -1;
  const mult: Record<string, number> = {
    b: blocksize,
    s: sectsize,
    k: 2 ** 10,
    m: 2 ** 20,
    g: 2 ** 30,
    t: 2 ** 40,
    p: 2 ** 50,
    e: 2 ** 60,
  };
  const f = mult[rest.toLowerCase()];
  return f === undefined ? -1 : value * f;
}

const UNITS: [number, string][] = [
  [2 ** 60, 'EiB'],
  [2 ** 50, 'PiB'],
  [2 ** 40, 'TiB'],
  [2 ** 30, 'GiB'],
  [2 ** 20, 'MiB'],
  [2 ** 10, 'KiB'],
];

/** C's (int)value on x86-64: truncation, or INT_MIN when out of range (cvttsd2si). */
function cInt(value: number): number {
  if (!Number.isFinite(value) || value >= 2 ** 31 || value < -(2 ** 31)) return -(2 ** 31);
  return Math.trunc(value);
}

/** cvtstr(): "4 KiB", "8.438 MiB", "512.000000 bytes"; `%.f` when the value is an integer. */
export function cvtstr(value: number): string {
  const precise = value * 1000 === cInt(value) * 1000;
  for (const [size, unit] of UNITS) {
    if (value >= size) return `${formatFixed(value / size, precise ? 0 : 3)} ${unit}`;
  }
  return `${formatFixed(value, 6)} bytes`;
}

/** A struct timeval difference. */
export interface TimeVal {
  sec: number;
  usec: number;
}

/** gettimeofday() on the simulated clock (seconds, possibly fractional). */
export function timeval(seconds: number): TimeVal {
  const us = Math.floor(seconds * 1e6);
  return { sec: Math.floor(us / 1e6), usec: us % 1e6 };
}

/** tsub(t2, t1). */
export function tsub(a: TimeVal, b: TimeVal): TimeVal {
  let usec = a.usec - b.usec;
  let sec = a.sec - b.sec;
  if (usec < 0) {
    usec += 1e6;
    sec--;
  }
  return { sec, usec };
}

/** tdiv(value, tv): per-second rate (infinite or NaN for a zero interval, as in C). */
export function tdiv(value: number, tv: TimeVal): number {
  return value / (tv.sec + tv.usec / 1e6);
}

const two = (n: number): string => String(n).padStart(2, '0');

/** timestr(): "0.0001 sec" under a second, "H:MM:SS.CC" otherwise (or always, when `fixed`). */
export function timestr(tv: TimeVal, fixed = false): string {
  const cs = Math.floor(tv.usec / 10000);
  if (fixed || tv.sec) {
    const h = Math.floor(tv.sec / 3600);
    return `${h}:${two(Math.floor((tv.sec % 3600) / 60))}:${two(tv.sec % 60)}.${two(cs)}`;
  }
  return `0.${String(Math.floor(tv.usec / 100)).padStart(4, '0')} sec`;
}

/**
 * report_io_times(): the `<verb> total/count bytes at offset N` line and the timing line, or the
 * one comma-separated line of -C.
 */
export function reportIoTimes(
  verb: string,
  tv: TimeVal,
  offset: number,
  count: number,
  total: number,
  ops: number,
  compact: boolean,
): string {
  const ts = timestr(tv, compact);
  if (compact) {
    return `${total},${ops},${ts},${formatFixed(tdiv(total, tv), 3)},${formatFixed(tdiv(ops, tv), 3)}\n`;
  }
  return (
    `${verb} ${total}/${count} bytes at offset ${offset}\n` +
    `${cvtstr(total)}, ${ops} ops; ${ts} (${cvtstr(tdiv(total, tv))}/sec and ${formatFixed(tdiv(ops, tv), 4)} ops/sec)\n`
  );
}
