// The extent colours, read from the theme's CSS variables (style.css), so the timeline, the legend
// and the physical view use one visual vocabulary.
import type { Palette } from './draw';

const KEYS: (keyof Palette)[] = [
  'written', 'unwritten', 'delalloc', 'prealloc', 'cow-delalloc', 'cow-unwritten', 'cow-written',
  'hole', 'holeLine', 'text', 'muted', 'eof', 'disk', 'shared', 'grid', 'bg',
];

export function readPalette(el: Element = document.documentElement): Palette {
  const cs = getComputedStyle(el);
  const out = {} as Palette;
  for (const k of KEYS) out[k] = cs.getPropertyValue(`--tl-${k}`).trim() || '#888';
  return out;
}
