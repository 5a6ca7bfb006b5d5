import { mkdtemp, readdir, readFile, rm, writeFile, mkdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Workspace } from '../workspace';
import { listAssignments } from '../assignments';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'xfslab-ws-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe('Workspace', () => {
  it('saves and restores drafts, leaving no temporary file behind', async () => {
    const ws = new Workspace(dir, () => 1234);
    expect(await ws.loadDraft('sandbox')).toBeUndefined();
    await ws.saveDraft('sandbox', 'echo one');
    await ws.saveDraft('sandbox', 'echo two');
    expect(await ws.loadDraft('sandbox')).toEqual({ text: 'echo two', savedAt: 1234 });
    expect(await readdir(path.join(dir, 'drafts'))).toEqual(['sandbox.json']);
    expect(await ws.status('sandbox')).toBe('in-progress');
    expect(await ws.status('assignment:x')).toBe('not-started');
  });

  it('survives a crash mid-write: a stray temporary file and a torn draft are ignored', async () => {
    const ws = new Workspace(dir);
    await ws.saveDraft('assignment:a', 'kept');
    await writeFile(path.join(dir, 'drafts', '.assignment--a.json.999.1.tmp'), '{"text":"half');
    expect((await ws.loadDraft('assignment:a'))?.text).toBe('kept');
    await writeFile(path.join(dir, 'drafts', 'sandbox.json'), '{"text": "torn');
    expect(await ws.loadDraft('sandbox')).toBeUndefined();
  });

  it('keeps copies of opened files and a recent list, by id only', async () => {
    const ws = new Workspace(dir);
    const a = await ws.addFile('a.sh', 'echo a', '/home/s/a.sh');
    const b = await ws.addFile('b.sh', 'echo b');
    const a2 = await ws.addFile('a.sh', 'echo a2', '/home/s/a.sh');
    expect(a2.id).toBe(a.id);
    expect((await ws.recentFiles()).map((r) => r.name)).toEqual(['a.sh', 'b.sh']);
    expect((await ws.file(b.id))?.text).toBe('echo b');
    expect(await ws.file('../../etc/passwd')).toBeUndefined();
    expect(JSON.parse(await readFile(path.join(dir, 'files', `${a.id}.json`), 'utf8')).text).toBe('echo a2');
  });
});

describe('assignments folder', () => {
  it('lists valid assignments in order and skips broken ones', async () => {
    const mk = async (id: string, json: string, files: Record<string, string> = {}) => {
      await mkdir(path.join(dir, id), { recursive: true });
      await writeFile(path.join(dir, id, 'assignment.json'), json);
      for (const [f, t] of Object.entries(files)) await writeFile(path.join(dir, id, f), t);
    };
    const meta = (order: number) => JSON.stringify({ title: { en: 'T', 'zh-CN': '题' }, topic: { en: 'x', 'zh-CN': '吗' }, order });
    await mk('b-second', meta(20), { 'starter.sh': 'sync\n', 'README.en.md': '# B' });
    await mk('a-first', meta(10));
    await mk('broken', '{ nope');
    await mk('Bad_Name', meta(1));
    const list = await listAssignments(dir);
    expect(list.map((a) => a.id)).toEqual(['a-first', 'b-second']);
    expect(list[1].starter).toBe('sync\n');
    expect(list[1].readme['zh-CN']).toBe('# B');
    expect(await listAssignments(path.join(dir, 'missing'))).toEqual([]);
  });

  it('ships a valid sample assignment', async () => {
    const list = await listAssignments(path.resolve('assignments'));
    expect(list.length).toBeGreaterThan(0);
    for (const a of list) {
      expect(a.starter.length).toBeGreaterThan(0);
      expect(a.readme.en.length).toBeGreaterThan(0);
      expect(a.readme['zh-CN']).not.toBe(a.readme.en);
    }
  });
});
