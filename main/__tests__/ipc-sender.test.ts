// After Electron Fiddle's test: IPC from an unknown sender is dropped.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { isTrustedSender } from '../ipc-sender';

const rendererFile = path.resolve('/opt/xfslab/out/renderer/index.html');
const page = { rendererFile };
const ours = { senderId: 7, windowId: 7, isMainFrame: true, frameUrl: pathToFileURL(rendererFile).href };

describe('isTrustedSender', () => {
  it('trusts our window’s main frame on our page', () => {
    expect(isTrustedSender(ours, page)).toBe(true);
  });
  it('refuses another webContents', () => {
    expect(isTrustedSender({ ...ours, senderId: 8 }, page)).toBe(false);
  });
  it('refuses when no window is open', () => {
    expect(isTrustedSender({ ...ours, windowId: undefined }, page)).toBe(false);
  });
  it('refuses a subframe', () => {
    expect(isTrustedSender({ ...ours, isMainFrame: false }, page)).toBe(false);
  });
  it('refuses another page, another file and garbage URLs', () => {
    expect(isTrustedSender({ ...ours, frameUrl: 'https://evil.example/' }, page)).toBe(false);
    expect(isTrustedSender({ ...ours, frameUrl: pathToFileURL('/tmp/index.html').href }, page)).toBe(false);
    expect(isTrustedSender({ ...ours, frameUrl: 'not a url' }, page)).toBe(false);
    expect(isTrustedSender({ ...ours, frameUrl: '' }, page)).toBe(false);
  });
  it('under the dev server, trusts its origin only', () => {
    const dev = { rendererFile, devServerUrl: 'http://localhost:5173' };
    expect(isTrustedSender({ ...ours, frameUrl: 'http://localhost:5173/index.html' }, dev)).toBe(true);
    expect(isTrustedSender({ ...ours, frameUrl: 'http://localhost:5174/' }, dev)).toBe(false);
    expect(isTrustedSender(ours, dev)).toBe(false);
  });
});
