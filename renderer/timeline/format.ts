// Number formatting shared by the views: byte sizes the way xfs_io prints them (KiB, MiB…).

/** 65536 → "64 KiB", 1536 → "1.5 KiB", 0 → "0". */
export function formatBytes(n: number): string {
  if (n === 0) return '0';
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
  let u = 0;
  let v = n;
  while (Math.abs(v) >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  const s = Number.isInteger(v) ? String(v) : v.toFixed(v < 10 ? 2 : 1).replace(/\.?0+$/, '');
  return `${s} ${units[u]}`;
}

/** Hex the way the trace prints it: 0x1000. */
export const hex = (n: number): string => `0x${n.toString(16)}`;
