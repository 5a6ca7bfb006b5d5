// Drawing the fork timeline on a canvas: an offset axis, then per file a label row and two lanes
// (data fork, CoW fork) of segments from layout.ts, with EOF and on-disk size marked.
import type { FileAt } from './fork-index';
import { layoutFork, tickStep, type SegmentKind, type View } from './layout';
import { formatBytes } from './format';

export const GEOM = { axisH: 24, labelH: 20, laneH: 22, laneGap: 3, bandGap: 12, left: 78, right: 14 } as const;

export type Palette = Record<SegmentKind | 'hole' | 'holeLine' | 'text' | 'muted' | 'eof' | 'disk' | 'shared' | 'grid' | 'bg', string>;

export function bandHeight(): number {
  return GEOM.labelH + 2 * GEOM.laneH + GEOM.laneGap + GEOM.bandGap;
}

export function canvasHeight(files: number): number {
  return GEOM.axisH + Math.max(1, files) * bandHeight();
}

/** Which file and lane a y coordinate falls on. */
export function hitLane(y: number, files: number): { file: number; lane: 'data' | 'cow' } | undefined {
  const yy = y - GEOM.axisH;
  if (yy < 0) return undefined;
  const file = Math.floor(yy / bandHeight());
  if (file >= files) return undefined;
  const inBand = yy - file * bandHeight() - GEOM.labelH;
  if (inBand < 0) return undefined;
  if (inBand < GEOM.laneH) return { file, lane: 'data' };
  if (inBand >= GEOM.laneH + GEOM.laneGap && inBand < 2 * GEOM.laneH + GEOM.laneGap) return { file, lane: 'cow' };
  return undefined;
}

function stripes(ctx: CanvasRenderingContext2D, base: string, line: string, dense: boolean): CanvasPattern | string {
  const c = new OffscreenCanvas(8, 8);
  const g = c.getContext('2d');
  if (!g) return base;
  g.fillStyle = base;
  g.fillRect(0, 0, 8, 8);
  g.strokeStyle = line;
  g.lineWidth = dense ? 2 : 1.5;
  g.beginPath();
  g.moveTo(0, 8);
  g.lineTo(8, 0);
  g.moveTo(-4, 4);
  g.lineTo(4, -4);
  g.moveTo(4, 12);
  g.lineTo(12, 4);
  g.stroke();
  return ctx.createPattern(c, 'repeat') ?? base;
}

export interface DrawInput {
  files: readonly FileAt[];
  blocksize: number;
  range: { start: number; end: number };
  width: number;
  palette: Palette;
  labels: { data: string; cow: string; eof: string; disk: string; empty: string; extents: (n: number) => string; size: string };
  /** Byte ranges the current step acted on (its iomap_begin calls), per file index: outlined. */
  highlights?: { file: number; start: number; end: number }[];
  accent?: string;
}

/** Draw everything; returns the number of segments drawn (for the benchmark). */
export function drawTimeline(ctx: CanvasRenderingContext2D, inp: DrawInput): number {
  const { files, palette: p, width } = inp;
  const h = canvasHeight(files.length);
  ctx.clearRect(0, 0, width, h);
  ctx.fillStyle = p.bg;
  ctx.fillRect(0, 0, width, h);
  const plotW = Math.max(10, width - GEOM.left - GEOM.right);
  const view: View = { start: inp.range.start, end: inp.range.end, width: plotW };
  const xOf = (block: number): number => GEOM.left + ((block - view.start) / (view.end - view.start)) * plotW;
  const fills: Partial<Record<SegmentKind, CanvasPattern | string>> = {
    unwritten: stripes(ctx, p.unwritten, p.written, false),
    prealloc: stripes(ctx, p.prealloc, p.delalloc, true),
    'cow-unwritten': stripes(ctx, p['cow-unwritten'], p['cow-written'], false),
  };

  // Axis.
  ctx.font = '11px system-ui, sans-serif';
  ctx.textBaseline = 'middle';
  const step = tickStep(view.end - view.start, plotW);
  const first = Math.ceil(view.start / step) * step;
  for (let b = first; b <= view.end; b += step) {
    const x = Math.round(xOf(b)) + 0.5;
    ctx.strokeStyle = p.grid;
    ctx.beginPath();
    ctx.moveTo(x, GEOM.axisH - 6);
    ctx.lineTo(x, h);
    ctx.stroke();
    ctx.fillStyle = p.muted;
    ctx.textAlign = b === first && x < GEOM.left + 20 ? 'left' : 'center';
    ctx.fillText(formatBytes(b * inp.blocksize), x, GEOM.axisH / 2 - 1);
  }

  if (files.length === 0) {
    ctx.fillStyle = p.muted;
    ctx.textAlign = 'left';
    ctx.fillText(inp.labels.empty, GEOM.left, GEOM.axisH + 20);
    return 0;
  }

  let segments = 0;
  files.forEach((f, i) => {
    const y0 = GEOM.axisH + i * bandHeight();
    ctx.textAlign = 'left';
    ctx.fillStyle = p.text;
    ctx.font = '600 12px system-ui, sans-serif';
    ctx.fillText(f.path, 6, y0 + GEOM.labelH / 2);
    const pathW = ctx.measureText(f.path).width;
    ctx.font = '11px system-ui, sans-serif';
    ctx.fillStyle = p.muted;
    ctx.fillText(`${inp.labels.size} ${formatBytes(f.size)} · ${inp.labels.extents(f.data.length)}`, 14 + pathW, y0 + GEOM.labelH / 2);

    const eofBlock = Math.ceil(f.size / inp.blocksize);
    (['data', 'cow'] as const).forEach((lane, li) => {
      const ly = y0 + GEOM.labelH + li * (GEOM.laneH + GEOM.laneGap);
      ctx.fillStyle = p.muted;
      ctx.textAlign = 'right';
      ctx.fillText(lane === 'data' ? inp.labels.data : inp.labels.cow, GEOM.left - 8, ly + GEOM.laneH / 2);
      ctx.fillStyle = p.hole;
      ctx.fillRect(GEOM.left, ly, plotW, GEOM.laneH);
      ctx.strokeStyle = p.holeLine;
      ctx.setLineDash([2, 3]);
      ctx.beginPath();
      ctx.moveTo(GEOM.left, ly + GEOM.laneH / 2 + 0.5);
      ctx.lineTo(GEOM.left + plotW, ly + GEOM.laneH / 2 + 0.5);
      ctx.stroke();
      ctx.setLineDash([]);
      const segs = layoutFork(lane === 'data' ? f.data : f.cow, lane, eofBlock, view);
      segments += segs.length;
      for (const s of segs) {
        const x = GEOM.left + s.x;
        ctx.fillStyle = fills[s.kind] ?? p[s.kind];
        ctx.fillRect(x, ly + 1, Math.max(1, s.w), GEOM.laneH - 2);
        if (s.shared) {
          ctx.fillStyle = p.shared;
          ctx.fillRect(x, ly + 1, Math.max(1, s.w), 4);
          ctx.fillRect(x, ly + GEOM.laneH - 5, Math.max(1, s.w), 4);
        }
        // Extent boundaries, where there is room to see them.
        if (s.extents === 1 && s.w > 6) {
          ctx.strokeStyle = p.bg;
          ctx.strokeRect(x + 0.5, ly + 1.5, s.w - 1, GEOM.laneH - 3);
        }
      }
    });

    // EOF and on-disk size across both lanes.
    const laneTop = y0 + GEOM.labelH - 2;
    const laneBottom = y0 + GEOM.labelH + 2 * GEOM.laneH + GEOM.laneGap + 2;
    const mark = (bytes: number, color: string, label: string, dashed: boolean, side: 'left' | 'right', avoid?: number): void => {
      const block = bytes / inp.blocksize;
      if (block < view.start || block > view.end) return;
      const x = Math.round(xOf(block)) + 0.5;
      ctx.font = '600 10px system-ui, sans-serif';
      const tw = ctx.measureText(label).width + 6;
      // Keep the label inside the plot and off the other marker's label; drop it when neither side fits.
      if (side === 'right' && x - tw < GEOM.left) side = 'left';
      if (avoid !== undefined && (side === 'left' ? avoid > x && avoid - x < tw + 30 : avoid < x && x - avoid < tw + 30)) label = '';
      ctx.strokeStyle = color;
      ctx.lineWidth = 2;
      ctx.setLineDash(dashed ? [4, 3] : []);
      ctx.beginPath();
      ctx.moveTo(x, laneTop);
      ctx.lineTo(x, laneBottom);
      ctx.stroke();
      ctx.setLineDash([]);
      ctx.lineWidth = 1;
      ctx.fillStyle = color;
      ctx.textAlign = side;
      ctx.font = '600 10px system-ui, sans-serif';
      ctx.fillText(label, side === 'left' ? x + 3 : x - 3, laneBottom + 4);
      ctx.font = '11px system-ui, sans-serif';
    };
    const eofX = xOf(f.size / inp.blocksize);
    if (f.diskSize !== f.size) mark(f.diskSize, p.disk, inp.labels.disk, true, 'right', eofX);
    mark(f.size, p.eof, inp.labels.eof, false, 'left');
  });
  // What the current step touched: an outline over both lanes (Python Tutor's arrow, for ranges).
  for (const hl of inp.highlights ?? []) {
    const y0 = GEOM.axisH + hl.file * bandHeight() + GEOM.labelH - 2;
    const a = Math.max(view.start, hl.start / inp.blocksize);
    const b = Math.min(view.end, hl.end / inp.blocksize);
    if (b <= a) continue;
    const x0 = xOf(a);
    const w = Math.max(2, xOf(b) - x0);
    ctx.strokeStyle = inp.accent ?? p.text;
    ctx.lineWidth = 2;
    ctx.strokeRect(x0 - 1, y0, w + 2, 2 * GEOM.laneH + GEOM.laneGap + 4);
    ctx.lineWidth = 1;
  }
  return segments;
}
