// Who may call the lab over IPC: only our window's main frame, showing our own page. Kept free of
// Electron imports so the rule is unit-tested (main/__tests__/ipc-sender.test.ts), after Fiddle's
// test that IPC from an unknown sender is dropped.
import { fileURLToPath } from 'node:url';

export interface SenderFacts {
  /** The webContents id of the sender and of our window (undefined when no window is open). */
  senderId: number;
  windowId: number | undefined;
  /** Whether the message comes from the main frame (not an iframe). */
  isMainFrame: boolean;
  /** URL of the sending frame. */
  frameUrl: string;
}

/** Our page: the built renderer file, or the dev server's origin under `electron-vite dev`. */
export interface TrustedPage {
  rendererFile: string;
  devServerUrl?: string;
}

export function isTrustedSender(s: SenderFacts, page: TrustedPage): boolean {
  if (s.windowId === undefined || s.senderId !== s.windowId || !s.isMainFrame) return false;
  let url: URL;
  try {
    url = new URL(s.frameUrl);
  } catch {
    return false;
  }
  if (page.devServerUrl) return url.origin === new URL(page.devServerUrl).origin;
  if (url.protocol !== 'file:') return false;
  try {
    return fileURLToPath(url) === page.rendererFile;
  } catch {
    return false;
  }
}
