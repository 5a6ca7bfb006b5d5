// The student's workspace on disk: autosaved drafts (one per slot), the files they opened (kept as
// copies, so a recent file opens even if the original moved), the recent-files list and progress.
// Every write is atomic (atomic-write.ts): a crash leaves the previous draft or the new one.
import { randomBytes } from 'node:crypto';
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { AssignmentStatus, Draft, OpenedFile, RecentFile } from '../ipc-contract';
import { writeFileAtomic } from './atomic-write';

const MAX_RECENT = 10;

const draftSchema = z.object({ text: z.string(), savedAt: z.number() });
const fileSchema = z.object({ id: z.string(), name: z.string(), text: z.string(), openedAt: z.number(), sourcePath: z.string().optional() });
const recentSchema = z.array(z.object({ id: z.string(), name: z.string(), openedAt: z.number() }));
const studentSchema = z.object({ studentId: z.string().min(1).max(64) });
const progressSchema = z.record(z.string(), z.enum(['in-progress', 'passed']));

type StoredFile = z.infer<typeof fileSchema>;

/** slot → file name: "assignment:delalloc" → "assignment--delalloc.json" (slots are validated first). */
const slotFile = (slot: string): string => `${slot.replace(':', '--')}.json`;

export class Workspace {
  constructor(
    readonly dir: string,
    private readonly now: () => number = Date.now,
  ) {}

  private async readJson<T>(file: string, schema: z.ZodType<T>): Promise<T | undefined> {
    let raw: string;
    try {
      raw = await readFile(file, 'utf8');
    } catch {
      return undefined;
    }
    try {
      return schema.parse(JSON.parse(raw));
    } catch {
      console.warn(`xfslab: ignoring unreadable ${file}`);
      return undefined;
    }
  }

  private async write(rel: string, value: unknown): Promise<void> {
    const file = path.join(this.dir, rel);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFileAtomic(file, JSON.stringify(value));
  }

  loadDraft(slot: string): Promise<Draft | undefined> {
    return this.readJson(path.join(this.dir, 'drafts', slotFile(slot)), draftSchema);
  }

  async saveDraft(slot: string, text: string): Promise<Draft> {
    const draft = { text, savedAt: this.now() };
    await this.write(path.join('drafts', slotFile(slot)), draft);
    return draft;
  }

  async progress(): Promise<Record<string, 'in-progress' | 'passed'>> {
    return (await this.readJson(path.join(this.dir, 'progress.json'), progressSchema)) ?? {};
  }

  /** An assignment's status: passed (recorded by a check), in progress (a draft exists), or not started. */
  async status(slot: string): Promise<AssignmentStatus> {
    const p = (await this.progress())[slot];
    if (p === 'passed') return 'passed';
    return p === 'in-progress' || (await this.loadDraft(slot)) ? 'in-progress' : 'not-started';
  }

  async setStatus(slot: string, status: 'in-progress' | 'passed'): Promise<void> {
    const p = await this.progress();
    p[slot] = status;
    await this.write('progress.json', p);
  }

  /** The student id given at the first Submit, remembered for the next ones. */
  async studentId(): Promise<string | null> {
    return (await this.readJson(path.join(this.dir, 'student.json'), studentSchema))?.studentId ?? null;
  }

  setStudentId(studentId: string): Promise<void> {
    return this.write('student.json', { studentId });
  }

  async recentFiles(): Promise<RecentFile[]> {
    return (await this.readJson(path.join(this.dir, 'recent.json'), recentSchema)) ?? [];
  }

  /** Keep a copy of an opened file and put it first in the recent list. */
  async addFile(name: string, text: string, sourcePath?: string): Promise<OpenedFile> {
    const recent = await this.recentFiles();
    const known = sourcePath ? await this.findBySource(recent, sourcePath) : undefined;
    const id = known ?? randomBytes(8).toString('hex');
    const stored: StoredFile = { id, name, text, openedAt: this.now(), sourcePath };
    await this.write(path.join('files', `${id}.json`), stored);
    const next = [{ id, name, openedAt: stored.openedAt }, ...recent.filter((r) => r.id !== id)].slice(0, MAX_RECENT);
    await this.write('recent.json', next);
    return { id, name, text, openedAt: stored.openedAt };
  }

  private async findBySource(recent: RecentFile[], sourcePath: string): Promise<string | undefined> {
    for (const r of recent) {
      const f = await this.readJson(path.join(this.dir, 'files', `${r.id}.json`), fileSchema);
      if (f?.sourcePath === sourcePath) return r.id;
    }
    return undefined;
  }

  /** A stored file by id (ids come from our own recent list, never a path from the page). */
  async file(id: string): Promise<StoredFile | undefined> {
    if (!/^[a-f0-9]{16}$/.test(id)) return undefined;
    return this.readJson(path.join(this.dir, 'files', `${id}.json`), fileSchema);
  }
}
