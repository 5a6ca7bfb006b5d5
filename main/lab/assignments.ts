// The assignments folder: assignments/<id>/assignment.json (title, topic, order), README.en.md,
// README.zh-CN.md (instructions) and starter.sh (the script the student starts from).
// assignments/README.md describes the format.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { Assignment, Localized } from '../ipc-contract';

const localized = z.strictObject({ en: z.string().min(1).max(200), 'zh-CN': z.string().min(1).max(200) });
const manifest = z.object({ title: localized, topic: localized, order: z.number().int().default(1000) });

export type AssignmentInfo = Omit<Assignment, 'status' | 'questions' | 'studentId'>;

const ID = /^[a-z0-9][a-z0-9-]{0,63}$/;

async function readOptional(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch {
    return undefined;
  }
}

/** One assignment, or undefined (with the reason logged) if its folder is not a valid one. */
export async function loadAssignment(root: string, id: string): Promise<AssignmentInfo | undefined> {
  if (!ID.test(id)) return undefined;
  const dir = path.join(root, id);
  const raw = await readOptional(path.join(dir, 'assignment.json'));
  if (raw === undefined) return undefined;
  let meta;
  try {
    meta = manifest.parse(JSON.parse(raw));
  } catch (e) {
    console.warn(`xfslab: skipping assignments/${id}: assignment.json is invalid (${(e as Error).message.split('\n')[0]})`);
    return undefined;
  }
  const en = (await readOptional(path.join(dir, 'README.en.md'))) ?? '';
  const zh = (await readOptional(path.join(dir, 'README.zh-CN.md'))) ?? en;
  const readme: Localized = { en, 'zh-CN': zh };
  const starter = (await readOptional(path.join(dir, 'starter.sh'))) ?? '';
  return { id, title: meta.title, topic: meta.topic, order: meta.order, readme, starter };
}

/** Every valid assignment under `root`, by order then id. A missing folder is an empty list. */
export async function listAssignments(root: string): Promise<AssignmentInfo[]> {
  let entries: string[];
  try {
    entries = (await readdir(root, { withFileTypes: true })).filter((d) => d.isDirectory()).map((d) => d.name);
  } catch {
    return [];
  }
  const all = await Promise.all(entries.map((id) => loadAssignment(root, id)));
  return all.filter((a): a is AssignmentInfo => !!a).sort((a, b) => a.order - b.order || (a.id < b.id ? -1 : 1));
}
