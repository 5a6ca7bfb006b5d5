/**
 * The header comments of a lab script (the oracle's scenario format): `# mkfs: <mkfs.xfs options>`,
 * `# mount: <mount -o options>`, `# events: <extra trace events>`, `# kernel: <release>`.
 */

/** Parsed header. */
export interface ScriptHeader {
  mkfs: string[];
  mount: string;
  events: string[];
  /** `# kernel: <release>`: whose behaviour to follow where kernels differ (engine/xfs-flavour.ts). */
  kernel?: string;
}

/** The default filesystem of a scenario: `-m reflink=1 -d size=256m`. */
export const DEFAULT_MKFS = ['-m', 'reflink=1', '-d', 'size=256m'];

/** Read the header comments anywhere in the leading comment block. */
export function parseScriptHeader(script: string): ScriptHeader {
  const h: ScriptHeader = { mkfs: DEFAULT_MKFS, mount: '', events: [] };
  for (const line of script.split('\n')) {
    const m = /^#\s*(mkfs|mount|events|kernel):\s*(.*)$/.exec(line.trim());
    if (!m) continue;
    const words = m[2].trim().split(/\s+/).filter(Boolean);
    if (m[1] === 'mkfs') h.mkfs = words;
    else if (m[1] === 'mount') h.mount = m[2].trim();
    else if (m[1] === 'kernel') h.kernel = m[2].trim();
    else h.events.push(...words);
  }
  return h;
}
