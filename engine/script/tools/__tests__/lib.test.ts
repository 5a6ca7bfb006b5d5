/**
 * The C-compatibility helpers: glibc printf rounding, GNU getopt, xfsprogs cvtnum/cvtstr/timestr,
 * coreutils and util-linux size parsing, gmtime.
 */
import { describe, expect, it } from 'vitest';
import { formatFixed, formatInt, parseSpec } from '../lib/cformat.js';
import { Getopt } from '../lib/getopt.js';
import { coreutilsSize, utilLinuxSize } from '../lib/sizes.js';
import { ctime, humanTime } from '../lib/time.js';
import { cvtnum, cvtstr, reportIoTimes, timestr } from '../xfs-io-commands/numbers.js';

describe('formatFixed (glibc %.Nf)', () => {
  it('rounds the exact binary value half to even', () => {
    expect(formatFixed(0.5, 0)).toBe('0');
    expect(formatFixed(1.5, 0)).toBe('2');
    expect(formatFixed(2.5, 0)).toBe('2');
    expect(formatFixed(1.0625, 3)).toBe('1.062');
    expect(formatFixed(1.0635, 3)).toBe('1.063'); // 1.0635 is just below the tie in binary
    expect(formatFixed(8.4375, 0)).toBe('8');
    expect(formatFixed(2.861022949, 3)).toBe('2.861');
    expect(formatFixed(1e21, 1)).toBe('1000000000000000000000.0');
  });
  it('prints infinities and the x86 NaN', () => {
    expect(formatFixed(Infinity, 4)).toBe('inf');
    expect(formatFixed(NaN, 6)).toBe('-nan');
  });
  it('formats integers with flags', () => {
    expect(formatInt(42, 'o', { zero: true, width: 6, precision: 6 })).toBe('000052');
    expect(formatInt(4095, 'x', parseSpec('#08'))).toBe('0x000fff');
    expect(formatInt(-5, 'd', parseSpec('05'))).toBe('-0005');
  });
});

describe('Getopt', () => {
  const parse = (argv: string[], opts: string) => {
    const errs: string[] = [];
    const g = new Getopt(argv, opts, 'prog', (t) => errs.push(t));
    const got: string[] = [];
    for (let o = g.next(); o; o = g.next()) got.push(o.arg === undefined ? o.opt : `${o.opt}=${o.arg}`);
    return { got, rest: g.operands(), errs };
  };
  it('permutes operands, clusters and takes attached or separate arguments', () => {
    expect(parse(['-S', '0xa', '0k', '-b', '4k', '4k'], 'b:S:')).toEqual({ got: ['S=0xa', 'b=4k'], rest: ['0k', '4k'], errs: [] });
    expect(parse(['-elpv', 'f'], 'aceln:pv')).toEqual({ got: ['e', 'l', 'p', 'v'], rest: ['f'], errs: [] });
    expect(parse(['-n3', '--', '-x'], 'n:')).toEqual({ got: ['n=3'], rest: ['-x'], errs: [] });
  });
  it('prints glibc error messages', () => {
    expect(parse(['-z'], 'a').errs).toEqual(["prog: invalid option -- 'z'\n"]);
    expect(parse(['-b'], 'b:').errs).toEqual(["prog: option requires an argument -- 'b'\n"]);
  });
  it('stops at the first operand in POSIX mode', () => {
    expect(parse(['-a', 'x', '-b'], '+ab').rest).toEqual(['x', '-b']);
  });
});

describe('xfsprogs numbers', () => {
  it('cvtnum', () => {
    expect(cvtnum(4096, 512, '4k')).toBe(4096);
    expect(cvtnum(4096, 512, '1M')).toBe(1 << 20);
    expect(cvtnum(4096, 512, '2b')).toBe(8192);
    expect(cvtnum(4096, 512, '3s')).toBe(1536);
    expect(cvtnum(4096, 512, '0x10')).toBe(16);
    expect(cvtnum(4096, 512, '010')).toBe(8);
    expect(cvtnum(4096, 512, 'x')).toBe(-1);
    expect(cvtnum(4096, 512, '4kb')).toBe(-1);
  });
  it('cvtstr, timestr and report_io_times', () => {
    expect(cvtstr(4096)).toBe('4 KiB');
    expect(cvtstr(8847360)).toBe('8 MiB');
    expect(cvtstr(100)).toBe('100.000000 bytes');
    expect(cvtstr(4096 / 3)).toBe('1.333 KiB');
    expect(cvtstr(3 * 2 ** 31)).toBe('6.000 GiB');
    expect(timestr({ sec: 0, usec: 123456 })).toBe('0.1234 sec');
    expect(timestr({ sec: 3725, usec: 990000 })).toBe('1:02:05.99');
    expect(reportIoTimes('read', { sec: 0, usec: 0 }, 0, 0, 0, 0, false)).toBe(
      'read 0/0 bytes at offset 0\n0.000000 bytes, 0 ops; 0.0000 sec (-nan bytes/sec and -nan ops/sec)\n',
    );
  });
});

describe('size arguments', () => {
  it('coreutils', () => {
    expect(coreutilsSize('1m')).toBe(1 << 20);
    expect(coreutilsSize('100K')).toBe(102400);
    expect(coreutilsSize('5KB')).toBe(5000);
    expect(coreutilsSize('5KiB')).toBe(5120);
    expect(coreutilsSize('-3')).toBe(-3);
    expect(coreutilsSize('5b')).toBeUndefined();
    expect(coreutilsSize('0x10')).toBeUndefined();
  });
  it('util-linux', () => {
    expect(utilLinuxSize('1M')).toBe(1 << 20);
    expect(utilLinuxSize('1m')).toBe(1 << 20);
    expect(utilLinuxSize('1MB')).toBe(1000000);
    expect(utilLinuxSize('0x1000')).toBe(4096);
    expect(utilLinuxSize('1.5K')).toBe(1536);
    expect(utilLinuxSize('-1')).toBeUndefined();
    expect(utilLinuxSize('1Q')).toBeUndefined();
  });
});

describe('time', () => {
  it('formats UTC like ctime() and coreutils', () => {
    expect(ctime(0)).toBe('Thu Jan  1 00:00:00 1970\n');
    expect(ctime(1700000000)).toBe('Tue Nov 14 22:13:20 2023\n');
    expect(humanTime(86400 * 366 + 1.5)).toBe('1971-01-02 00:00:01.500000000 +0000');
  });
});
