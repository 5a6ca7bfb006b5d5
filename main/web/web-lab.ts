// The web version of the lab: the built renderer and the lab service on loopback. Requests and
// events travel over one WebSocket at /api (messages in web-protocol.ts); the page's bridge
// (renderer/bridge/web-bridge.ts) implements the same `window.api` as the Electron preload.
// Sender check: the upgrade must come from our own page — Host and Origin both name this server
// (a page elsewhere cannot talk to it, and DNS rebinding is refused).
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import { isRequestMethod, type RunProgress } from '../ipc-contract';
import { LabService, type LabServiceOptions } from '../lab/lab-service';
import { SECURITY_HEADERS, serveFile } from './static-files';
import type { ClientMessage, ServerMessage } from './web-protocol';

export interface WebLabOptions extends Omit<LabServiceOptions, 'onProgress' | 'host'> {
  rendererDir: string;
  version: string;
  host?: string;
  /** 0 picks a free port; a taken port falls back to a free one. */
  port?: number;
}

export interface WebLab {
  url: string;
  service: LabService;
  close(): Promise<void>;
}

/** Largest message the page may send (a script is at most 256 KiB). */
const MAX_MESSAGE_BYTES = 1024 * 1024;

/** Whether an upgrade request comes from our page at `port` (Host and Origin both loopback:port). */
export function isTrustedUpgrade(headers: IncomingMessage['headers'], port: number): boolean {
  const hosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`]);
  const host = headers.host;
  const origin = headers.origin;
  if (typeof host !== 'string' || !hosts.has(host.toLowerCase())) return false;
  if (typeof origin !== 'string') return false;
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  return url.protocol === 'http:' && hosts.has(url.host.toLowerCase());
}

export async function startWebLab(opts: WebLabOptions): Promise<WebLab> {
  const hostName = opts.host ?? '127.0.0.1';
  const root = path.resolve(opts.rendererDir);
  const owners = new Map<string, WebSocket>();
  const send = (ws: WebSocket, msg: ServerMessage): void => {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(msg));
  };
  const service = new LabService({
    ...opts,
    host: { kind: 'web', version: opts.version },
    onProgress: (p: RunProgress) => {
      const ws = owners.get(p.runId);
      if (ws) send(ws, { event: 'runProgress', payload: p });
    },
  });

  let port = 0;
  const server = createServer((req, res) => {
    const host = req.headers.host?.toLowerCase();
    if (host !== `127.0.0.1:${port}` && host !== `localhost:${port}` && host !== `[::1]:${port}`) {
      res.writeHead(421, { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' }).end('Misdirected request\n');
      return;
    }
    void serveFile(root, req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500, SECURITY_HEADERS);
      res.end();
    });
  });
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  server.on('upgrade', (req, socket, head) => {
    const pathname = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (pathname !== '/api' || !isTrustedUpgrade(req.headers, port)) {
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  });

  wss.on('connection', (ws: WebSocket) => {
    const mine = new Set<string>();
    ws.on('message', (data, isBinary) => {
      let msg: ClientMessage;
      try {
        if (isBinary) throw new Error('binary');
        msg = JSON.parse(String(data)) as ClientMessage;
      } catch {
        send(ws, { id: null, result: { ok: false, error: { code: 'EINVAL', message: 'messages are JSON text' } } });
        return;
      }
      const id = typeof msg?.id === 'number' && Number.isSafeInteger(msg.id) ? msg.id : null;
      if (id === null || !isRequestMethod(msg.method)) {
        send(ws, { id, result: { ok: false, error: { code: 'EINVAL', message: `unknown request ${JSON.stringify(String(msg?.method)).slice(0, 80)}` } } });
        return;
      }
      const arg = (msg as { arg?: unknown }).arg;
      if (msg.method === 'runScript' && arg && typeof arg === 'object' && typeof (arg as { runId?: unknown }).runId === 'string') {
        const runId = (arg as { runId: string }).runId;
        if (!owners.has(runId)) {
          owners.set(runId, ws);
          mine.add(runId);
        }
      }
      if (msg.method === 'cancelRun' && arg && typeof arg === 'object' && owners.get((arg as { runId?: string }).runId ?? '') !== ws) {
        send(ws, { id, result: { ok: true, value: { cancelled: false } } }); // only the page that started a run stops it
        return;
      }
      void service.dispatch(msg.method, arg).then((result) => {
        if (msg.method === 'runScript') {
          const runId = (arg as { runId: string }).runId;
          if (owners.get(runId) === ws) owners.delete(runId);
          mine.delete(runId);
        }
        send(ws, { id, result });
      });
    });
    ws.on('close', () => {
      // A closed page cannot see its runs: stop them.
      for (const runId of mine) {
        service.runs.cancel(runId);
        owners.delete(runId);
      }
    });
  });

  const listen = (p: number): Promise<void> =>
    new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(p, hostName, () => {
        server.off('error', reject);
        resolve();
      });
    });
  try {
    await listen(opts.port ?? 0);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EADDRINUSE' || !opts.port) throw err;
    await listen(0);
  }
  port = (server.address() as AddressInfo).port;
  return {
    url: `http://${hostName}:${port}/`,
    service,
    close: async () => {
      for (const c of wss.clients) c.terminate();
      wss.close();
      await service.dispose();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
