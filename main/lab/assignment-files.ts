// An assignment folder read as the engine's grader wants it (relative path → text), for Check and
// Grade. The same rules as the CLI's reader (engine/cli/read-assignment.ts): dot files and editor
// leftovers are skipped, large files are not read. Read in main; graded in a worker.
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';

const MAX_FILE = 4 << 20;
const ID = /^[a-z0-9][a-z0-9-]{0,63}$/;

/** Every file of assignment `id` under `root`, or undefined when there is no such folder. */
export async function readAssignmentFiles(root: string, id: string): Promise<Record<string, string> | undefined> {
  if (!ID.test(id)) return undefined;
  const dir = path.join(root, id);
  const files: Record<string, string> = {};
  const walk = async (abs: string, rel: string): Promise<void> => {
    for (const name of (await readdir(abs)).sort()) {
      if (name.startsWith('.') || name.endsWith('~')) continue;
      const p = path.join(abs, name);
      const st = await stat(p);
      const r = rel ? `${rel}/${name}` : name;
      if (st.isDirectory()) await walk(p, r);
      else if (st.isFile() && st.size <= MAX_FILE) files[r] = await readFile(p, 'utf8');
    }
  };
  try {
    await walk(dir, '');
  } catch {
    return undefined;
  }
  return files;
}
