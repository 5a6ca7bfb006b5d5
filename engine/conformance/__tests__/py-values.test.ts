import { describe, expect, it } from 'vitest';
import { pyRepr, pyToInt, tup } from '../py-values.js';
import { SequenceMatcher } from '../sequence-matcher.js';

// Expected values printed by CPython 3.11 (repr, int(s, 0), difflib.SequenceMatcher(autojunk=False)).
describe('Python semantics used by the comparator', () => {
  it('repr() of str picks quotes and escapes as CPython', () => {
    expect(pyRepr('plain')).toBe("'plain'");
    expect(pyRepr("it's")).toBe(`"it's"`);
    expect(pyRepr(`both ' and "`)).toBe(`'both \\' and "'`);
    expect(pyRepr('tab\tnl\n')).toBe("'tab\\tnl\\n'");
    expect(pyRepr('\x00\x7f\x85\xa0é€')).toBe("'\\x00\\x7f\\x85\\xa0é€'");
    expect(pyRepr('\u{1f600}')).toBe("'\u{1f600}'");
    expect(pyRepr('\u200b')).toBe("'\\u200b'");
    expect(pyRepr('back\\slash')).toBe("'back\\\\slash'");
  });

  it('repr() of containers', () => {
    const d = new Map<string, unknown>([['a', 1], ['b', 'x'], ['c', null], ['d', tup(1)], ['e', [true, false]]]);
    expect(pyRepr(d as never)).toBe("{'a': 1, 'b': 'x', 'c': None, 'd': (1,), 'e': [True, False]}");
  });

  it('int(s, 0)', () => {
    const cases: [string, bigint | null][] = [
      ['0x1f', 31n], ['  42 ', 42n], ['010', null], ['0', 0n], ['00', 0n], ['0o17', 15n], ['0b101', 5n],
      ['1_000', 1000n], ['0x_ff', 255n], ['-0x10', -16n], ['+7', 7n], ['1.5', null], ['', null], ['0x', null],
      ['None', null], ['1__0', null], ['_1', null], ['0xffffffffffffffff', 0xffffffffffffffffn],
    ];
    for (const [s, v] of cases) expect([s, pyToInt(s)]).toEqual([s, v]);
    expect(pyToInt(null)).toBeNull();
  });

  it('SequenceMatcher opcodes', () => {
    const ops = (a: string, b: string): [string, number, number, number, number][] =>
      new SequenceMatcher([...a], [...b]).getOpcodes().map((o) => [o.tag, o.i1, o.i2, o.j1, o.j2]);
    expect(ops('abxcd', 'abcd')).toEqual([['equal', 0, 2, 0, 2], ['delete', 2, 3, 2, 2], ['equal', 3, 5, 2, 4]]);
    expect(ops('qabxcd', 'abycdf')).toEqual([
      ['delete', 0, 1, 0, 0], ['equal', 1, 3, 0, 2], ['replace', 3, 4, 2, 3], ['equal', 4, 6, 3, 5], ['insert', 6, 6, 5, 6],
    ]);
    expect(ops('private Thread currentThread;', 'private volatile Thread currentThread;')).toEqual([
      ['equal', 0, 6, 0, 6], ['insert', 6, 6, 6, 15], ['equal', 6, 29, 15, 38],
    ]);
    expect(ops('aaaa', 'aa')).toEqual([['equal', 0, 2, 0, 2], ['delete', 2, 4, 2, 2]]);
    expect(ops('', '')).toEqual([]);
    expect(ops('abc', '')).toEqual([['delete', 0, 3, 0, 0]]);
  });
});
