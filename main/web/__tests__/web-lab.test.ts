// The web version's sender check and payload validation, over a real loopback socket.
import { mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { isTrustedUpgrade, startWebLab, type WebLab } from '../web-lab';

let lab: WebLab;
let dir: string;
let port: number;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'xfslab-web-'));
  lab = await startWebLab({
    rendererDir: dir, assignmentsDir: path.resolve('assignments'), workspaceDir: path.join(dir, 'ws'),
    workerUrl: new URL('../../lab/__tests__/run-worker-tsx.mjs', import.meta.url), version: '0.0.0-test', port: 0,
  });
  port = Number(new URL(lab.url).port);
});
afterAll(async () => {
  await lab.close();
  await rm(dir, { recursive: true, force: true });
});

function connect(origin: string | undefined, host = `127.0.0.1:${port}`): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/api`, { headers: { ...(origin ? { Origin: origin } : {}), Host: host } });
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
  });
}

function ask(ws: WebSocket, msg: unknown): Promise<{ id: number | null; result: { ok: boolean; value?: unknown; error?: { code: string } } }> {
  return new Promise((resolve) => {
    const on = (data: WebSocket.RawData) => {
      const m = JSON.parse(String(data));
      if ('event' in m) return;
      ws.off('message', on);
      resolve(m);
    };
    ws.on('message', on);
    ws.send(typeof msg === 'string' ? msg : JSON.stringify(msg));
  });
}

describe('isTrustedUpgrade', () => {
  it('accepts our own page only', () => {
    expect(isTrustedUpgrade({ host: '127.0.0.1:5183', origin: 'http://127.0.0.1:5183' }, 5183)).toBe(true);
    expect(isTrustedUpgrade({ host: 'localhost:5183', origin: 'http://localhost:5183' }, 5183)).toBe(true);
    expect(isTrustedUpgrade({ host: '127.0.0.1:5183', origin: 'https://evil.example' }, 5183)).toBe(false);
    expect(isTrustedUpgrade({ host: '127.0.0.1:5183', origin: 'http://127.0.0.1:9999' }, 5183)).toBe(false);
    expect(isTrustedUpgrade({ host: 'evil.example:5183', origin: 'http://evil.example:5183' }, 5183)).toBe(false);
    expect(isTrustedUpgrade({ host: '127.0.0.1:5183' }, 5183)).toBe(false);
    expect(isTrustedUpgrade({ host: '127.0.0.1:5183', origin: 'null' }, 5183)).toBe(false);
  });
});

describe('the web lab over loopback', () => {
  it('refuses a socket from another origin, with no origin, or through another host name', async () => {
    await expect(connect('https://evil.example')).rejects.toThrow(/403/);
    await expect(connect(undefined)).rejects.toThrow(/403/);
    await expect(connect(`http://rebind.example:${port}`, `rebind.example:${port}`)).rejects.toThrow(/403/);
  });

  it('answers our page, and refuses bad payloads and unknown methods as values', async () => {
    const ws = await connect(`http://127.0.0.1:${port}`);
    const info = await ask(ws, { id: 1, method: 'appInfo' });
    expect(info).toMatchObject({ id: 1, result: { ok: true, value: { version: '0.0.0-test', host: 'web', instructor: false } } });
    expect(await ask(ws, { id: 2, method: 'loadDraft', arg: { slot: '../../etc/passwd' } })).toMatchObject({ id: 2, result: { ok: false, error: { code: 'EINVAL' } } });
    expect(await ask(ws, { id: 3, method: 'require', arg: 'fs' })).toMatchObject({ id: 3, result: { ok: false, error: { code: 'EINVAL' } } });
    expect(await ask(ws, { id: 4, method: 'constructor' })).toMatchObject({ id: 4, result: { ok: false } });
    expect(await ask(ws, 'not json')).toMatchObject({ id: null, result: { ok: false, error: { code: 'EINVAL' } } });
    expect(await ask(ws, { id: 5, method: 'openScriptFile' })).toMatchObject({ id: 5, result: { ok: false, error: { code: 'ENOTSUP' } } });
    expect(await ask(ws, { id: 6, method: 'openExternal', arg: { url: 'file:///etc/passwd' } })).toMatchObject({ id: 6, result: { ok: false, error: { code: 'EPERM' } } });
    const list = await ask(ws, { id: 7, method: 'listAssignments' });
    expect(list.result.ok).toBe(true);
    // A student's lab grades no submission files (their reports show hidden checks).
    const graded = await ask(ws, { id: 8, method: 'gradeSubmission', arg: { runId: 'r1', text: '{}' } });
    expect(graded).toMatchObject({ id: 8, result: { ok: false, error: { code: 'EPERM', message: expect.stringContaining('--instructor') } } });
    ws.close();
  });

  it('serves no file outside the renderer folder and refuses another Host', async () => {
    const r1 = await fetch(`http://127.0.0.1:${port}/..%2f..%2fpackage.json`);
    expect(r1.status).toBe(404);
    const status = await new Promise<number | undefined>((resolve, reject) => {
      http.get({ host: '127.0.0.1', port, path: '/', headers: { Host: 'evil.example' } }, (res) => {
        res.resume();
        resolve(res.statusCode);
      }).on('error', reject);
    });
    expect(status).toBe(421);
  });
});
