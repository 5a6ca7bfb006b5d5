import { describe, expect, it } from 'vitest';
import type { VariantSpec } from '../assignment-types.js';
import { drawVariant, parameterValues, sampleVariants, substituteDeep, substituteText, unknownPlaceholders, variantSeed } from '../variants.js';

const SPECS: Record<string, VariantSpec> = {
  size: { choose: [{ kib: 12, blocks: 3 }, { kib: 20, blocks: 5 }, { kib: 28, blocks: 7 }] },
  off: { range: [1, 9], step: 2 },
  name: { choose: ['a', 'b'] },
};

describe('variants', () => {
  it('derive the same seed for the same student however the id is typed, and differ between students', () => {
    expect(variantSeed('delalloc', 'S1234')).toBe(variantSeed('delalloc', '  s1234 '));
    expect(variantSeed('delalloc', 's1234')).not.toBe(variantSeed('delalloc', 's1235'));
    expect(variantSeed('delalloc', 's1234')).not.toBe(variantSeed('prealloc', 's1234'));
    const s = variantSeed('x', 'y');
    expect(Number.isInteger(s) && s >= 0 && s < 2 ** 32).toBe(true);
  });

  it('draw deterministically, every value from its parameter, and spread over a class', () => {
    const seen = new Map<string, Set<string>>();
    for (let i = 0; i < 200; i++) {
      const seed = variantSeed('a1', `student${i}`);
      const v = drawVariant(SPECS, seed);
      expect(drawVariant(SPECS, seed)).toEqual(v);
      for (const [k, x] of Object.entries(v)) {
        expect(parameterValues(SPECS[k])).toContainEqual(x);
        if (!seen.has(k)) seen.set(k, new Set());
        seen.get(k)!.add(JSON.stringify(x));
      }
    }
    // 200 students cover every value of every parameter.
    for (const [k, spec] of Object.entries(SPECS)) expect(seen.get(k)!.size).toBe(parameterValues(spec).length);
  });

  it('do not change one parameter when another is added or the declaration order changes', () => {
    const seed = variantSeed('a1', 'alice');
    const more = { extra: { range: [0, 99] } as VariantSpec, ...SPECS };
    const reordered = { name: SPECS.name, off: SPECS.off, size: SPECS.size };
    const v = drawVariant(SPECS, seed);
    expect(drawVariant(reordered, seed)).toEqual(v);
    const w = drawVariant(more, seed);
    expect({ size: w.size, off: w.off, name: w.name }).toEqual(v);
  });

  it('enumerate every combination when there are few, and sample otherwise', () => {
    const all = sampleVariants(SPECS, 100);
    expect(all).toHaveLength(3 * 5 * 2);
    expect(new Set(all.map((v) => JSON.stringify(v))).size).toBe(30);
    const some = sampleVariants(SPECS, 8);
    expect(some).toHaveLength(8);
    expect(some[0]).toEqual({ name: 'a', off: 1, size: { kib: 12, blocks: 3 } });
    expect(some[1]).toEqual({ name: 'b', off: 9, size: { kib: 28, blocks: 7 } });
    expect(sampleVariants({}, 8)).toEqual([{}]);
  });

  it('substitute into text and into checks, keeping a whole placeholder\'s type', () => {
    const v = { size: { kib: 20, blocks: 5 }, off: 3 };
    expect(substituteText('write {{size.kib}} KiB at {{ off }}, not {{other}}', v)).toBe('write 20 KiB at 3, not {{other}}');
    expect(substituteDeep({ eq: '{{size.blocks}}', label: '{{size.blocks}} blocks', list: ['{{off}}'] }, v)).toEqual({ eq: 5, label: '5 blocks', list: [3] });
    expect(unknownPlaceholders('{{size.kib}} {{size}} {{size.bytes}} {{off}} {{off.x}} {{nope}}', { size: SPECS.size, off: SPECS.off })).toEqual(['size', 'size.bytes', 'off.x', 'nope']);
  });
});
