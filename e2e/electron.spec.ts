// The same smoke path in the desktop app, through Playwright's Electron support. It runs where an
// Electron binary exists and says plainly that it did not run where none does (this machine cannot
// download one: the electron package is installed without its binary).
import path from 'node:path';
import { _electron as electron, expect, test } from '@playwright/test';
import { electronBinary } from './support/electron-binary';

const ROOT = path.resolve(import.meta.dirname, '..');

const bin = electronBinary();
if (!bin.exe) console.log(`e2e: the Electron spec did not run: ${bin.why}. The same path ran in the web version.`);

test('desktop app: open the sandbox, run, see output and the timeline', async () => {
  test.skip(!bin.exe, `Electron spec did not run: ${bin.why}.`);
  const app = await electron.launch({ executablePath: bin.exe, args: [ROOT], cwd: ROOT });
  try {
    const page = await app.firstWindow();
    await page.getByTestId('home').waitFor();
    expect(await page.evaluate(() => typeof (window as unknown as { require?: unknown }).require)).toBe('undefined');
    await page.getByTestId('open-sandbox').click();
    await page.locator('.monaco-editor').first().waitFor();
    await page.evaluate(() => window.__xfslab!.setScript('xfs_io -f -c "pwrite 0 64k" f\n'));
    await page.getByTestId('run').click();
    await expect(page.getByTestId('output')).toContainText('wrote 65536/65536 bytes at offset 0');
    const state = await page.evaluate(() => window.__xfslab!.timeline());
    expect(state.files.map((f) => f.path)).toEqual(['f']);
    await expect(page.getByTestId('app-host')).toContainText('desktop');
  } finally {
    await app.close();
  }
});
