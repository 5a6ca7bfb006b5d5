// Atomic file replacement: write a temporary file beside the target, flush it to disk, rename it
// over the target, then flush the directory. A crash at any point leaves the old or the new file,
// never a torn one (the write-then-rename idiom; see rename(2) and fsync(2)).
import { open, rename, rm } from 'node:fs/promises';
import path from 'node:path';

let seq = 0;

export async function writeFileAtomic(file: string, data: string): Promise<void> {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${++seq}.tmp`);
  const fh = await open(tmp, 'w', 0o600);
  try {
    await fh.writeFile(data, 'utf8');
    await fh.sync();
  } finally {
    await fh.close();
  }
  try {
    await rename(tmp, file);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
  // Persist the rename itself; not every platform can open a directory (Windows), which is fine.
  try {
    const dir = await open(path.dirname(file), 'r');
    try {
      await dir.sync();
    } finally {
      await dir.close();
    }
  } catch {
    /* best effort */
  }
}
