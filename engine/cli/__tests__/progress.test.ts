import { describe, expect, it } from 'vitest';
import { progressBar } from '../progress.js';

describe('progress bar', () => {
  it('draws on a terminal, one line redrawn in place, and erases itself at the end', () => {
    let err = '';
    let now = 0;
    const p = progressBar({ out: () => undefined, err: (t) => (err += t), errIsTty: true }, 4, () => now);
    now = 2500;
    p.tick('alice delayed-allocation');
    p.done();
    const frames = err.split('\r\x1b[2K').filter(Boolean);
    expect(frames).toEqual(['[..............................] 0/4 0s ', '[########......................] 1/4 3s alice delayed-allocation']);
    expect(err.endsWith('\r\x1b[2K')).toBe(true);
  });

  it('writes nothing when stderr is not a terminal (logs and CI stay clean)', () => {
    let err = '';
    const p = progressBar({ out: () => undefined, err: (t) => (err += t) }, 4);
    p.tick('x');
    p.done();
    expect(err).toBe('');
  });
});
