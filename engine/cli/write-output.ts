/**
 * Writing result files without losing work: the text goes to a temporary file next to the target,
 * then is renamed over it, so an interrupted run never leaves half a gradebook in place of the
 * last good one.
 */
import { renameSync, rmSync, writeFileSync } from 'node:fs';

/** Write `text` to `file` atomically (same-folder temporary file, then rename). */
export function writeFileAtomic(file: string, text: string): void {
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    writeFileSync(tmp, text);
    renameSync(tmp, file);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}
