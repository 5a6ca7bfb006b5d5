// The web version's `window.api`: the same contract as the Electron preload, over one WebSocket to
// the lab service on loopback (main/web/web-lab.ts). What a server cannot do for a page — show a file
// dialog, save a download, open a link — the bridge does in the page itself.
import type {
  EventName, EventPayloads, LabApi, RequestMethod, RequestResults, Result,
} from '../../main/ipc-contract';
import type { ServerMessage } from '../../main/web/web-protocol';

const RECONNECT_MS = 1000;
const MAX_FILE_BYTES = 256 * 1024;

type Pending = (r: Result<unknown>) => void;

function pickFile(): Promise<File | null> {
  return new Promise((resolve) => {
    const input = document.createElement('input');
    input.type = 'file';
    input.accept = '.sh,.bash,.txt,text/plain';
    input.addEventListener('change', () => resolve(input.files?.[0] ?? null), { once: true });
    input.addEventListener('cancel', () => resolve(null), { once: true });
    input.click();
  });
}

function download(name: string, text: string, type = 'text/x-shellscript'): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

function openLink(url: string): boolean {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  if (u.protocol !== 'https:') return false;
  const a = document.createElement('a');
  a.href = u.href;
  a.target = '_blank';
  a.rel = 'noopener noreferrer';
  a.click();
  return true;
}

export function installWebBridge(): void {
  const pending = new Map<number, Pending>();
  const listeners: { [E in EventName]: Set<(p: EventPayloads[E]) => void> } = { runProgress: new Set(), menuCommand: new Set() };
  let seq = 0;
  let ws: WebSocket | undefined;
  let queue: string[] = [];

  const connect = (): void => {
    const url = new URL('api', location.href);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    const sock = new WebSocket(url);
    ws = sock;
    sock.addEventListener('open', () => {
      for (const m of queue) sock.send(m);
      queue = [];
    });
    sock.addEventListener('message', (ev) => {
      let msg: ServerMessage;
      try {
        msg = JSON.parse(String(ev.data)) as ServerMessage;
      } catch {
        return;
      }
      if ('event' in msg) {
        for (const cb of listeners[msg.event] as Set<(p: unknown) => void>) cb(msg.payload);
      } else if (msg.id !== null) {
        const settle = pending.get(msg.id);
        pending.delete(msg.id);
        settle?.(msg.result);
      }
    });
    sock.addEventListener('close', () => {
      if (ws !== sock) return;
      ws = undefined;
      for (const settle of pending.values()) settle({ ok: false, error: { code: 'ECONNRESET', message: 'the connection to the lab was lost; retrying' } });
      pending.clear();
      setTimeout(connect, RECONNECT_MS);
    });
  };
  connect();

  const request = <M extends RequestMethod>(method: M, arg?: unknown): Promise<Result<RequestResults[M]>> =>
    new Promise((resolve) => {
      const id = ++seq;
      pending.set(id, resolve as Pending);
      const text = JSON.stringify({ id, method, arg });
      if (ws && ws.readyState === WebSocket.OPEN) ws.send(text);
      else queue.push(text);
    });

  const on = <E extends EventName>(event: E) => (cb: (p: EventPayloads[E]) => void): (() => void) => {
    const set = listeners[event] as Set<(p: EventPayloads[E]) => void>;
    set.add(cb);
    return () => set.delete(cb);
  };

  const api: LabApi = {
    appInfo: () => request('appInfo'),
    listAssignments: () => request('listAssignments'),
    getAssignment: (a) => request('getAssignment', a),
    loadDraft: (a) => request('loadDraft', a),
    saveDraft: (a) => request('saveDraft', a),
    listRecentFiles: () => request('listRecentFiles'),
    openScriptFile: async () => {
      const file = await pickFile();
      if (!file) return { ok: true, value: null };
      if (file.size > MAX_FILE_BYTES) return { ok: false, error: { code: 'EFBIG', message: `${file.name} is larger than 256 KiB` } };
      return request('importScript', { name: file.name, text: await file.text() });
    },
    importScript: (a) => request('importScript', a),
    openRecentFile: (a) => request('openRecentFile', a),
    saveScriptFile: async ({ name, text }) => {
      download(name, text);
      return { ok: true, value: { saved: true, name } };
    },
    checkScript: (a) => request('checkScript', a),
    checkAssignment: (a) => request('checkAssignment', a),
    submitAssignment: async (a) => {
      // The service has no save dialog here: it returns the file, and the page downloads it.
      const r = await request('submitAssignment', a);
      if (r.ok && !r.value.saved && r.value.text !== undefined) {
        download(r.value.name, r.value.text, 'application/json');
        return { ok: true, value: { saved: true, name: r.value.name } };
      }
      return r;
    },
    gradeSubmission: (a) => request('gradeSubmission', a),
    runScript: (a) => request('runScript', a),
    cancelRun: (a) => request('cancelRun', a),
    openExternal: async ({ url }) =>
      openLink(url) ? { ok: true, value: { opened: true } } : { ok: false, error: { code: 'EPERM', message: 'only https: links open outside the lab' } },
    onRunProgress: on('runProgress'),
    onMenuCommand: on('menuCommand'),
  };

  Object.defineProperty(window, 'api', { value: Object.freeze(api), writable: false, configurable: false, enumerable: true });
  // As in the desktop app (setWindowOpenHandler → deny): the page opens no windows by script.
  Object.defineProperty(window, 'open', { value: () => null, writable: false, configurable: false });
}
