// Security checks in the page (STYLE.md): no Node in the page, window.api is exactly the contract,
// no new windows, no navigation away, and the CSP holds.
import { expect, test } from './support/fixtures';

/** The contract's keys (main/ipc-contract.ts API_KEYS; a unit test keeps that list in step with the schemas). */
const API_KEYS = [
  'appInfo', 'listAssignments', 'getAssignment', 'loadDraft', 'saveDraft', 'listRecentFiles', 'openScriptFile',
  'importScript', 'openRecentFile', 'saveScriptFile', 'checkScript', 'checkAssignment', 'submitAssignment', 'gradeSubmission', 'runScript', 'cancelRun', 'openExternal',
  'onRunProgress', 'onMenuCommand',
];

test('the page has no Node, and window.api is exactly the contract', async ({ home, page }) => {
  await home.open();
  const facts = await page.evaluate(() => ({
    require: typeof (window as unknown as { require?: unknown }).require,
    process: typeof (window as unknown as { process?: unknown }).process,
    module: typeof (window as unknown as { module?: unknown }).module,
    keys: Object.keys(window.api ?? {}),
    frozen: Object.isFrozen(window.api),
    replaceable: (() => {
      try {
        (window as unknown as { api: unknown }).api = {};
      } catch {
        /* strict-mode assignment to a read-only property */
      }
      return Object.keys(window.api ?? {}).length;
    })(),
  }));
  expect(facts.require).toBe('undefined');
  expect(facts.process).toBe('undefined');
  expect(facts.module).toBe('undefined');
  expect(facts.keys.sort()).toEqual([...API_KEYS].sort());
  expect(facts.frozen).toBe(true);
  expect(facts.replaceable).toBe(API_KEYS.length);
});

test('window.open and navigation are refused', async ({ home, page, context }) => {
  await home.open();
  const before = page.url();
  let popups = 0;
  context.on('page', () => popups++);
  expect(await page.evaluate(() => window.open('https://127.0.0.1:9/') === null)).toBe(true);

  // A link in the page (as in an assignment's instructions) does not navigate the lab away.
  await page.evaluate(() => {
    // Loopback addresses only: the test must not reach outside this machine.
    for (const href of ['https://127.0.0.1:9/', 'http://127.0.0.1:9/', 'file:///etc/passwd', 'javascript:alert(1)']) {
      const a = document.createElement('a');
      a.href = href;
      a.textContent = href;
      a.className = 'e2e-link';
      document.getElementById('app')!.append(a);
    }
  });
  for (const link of await page.locator('a.e2e-link').all()) await link.click({ modifiers: [] });
  await page.waitForTimeout(300);
  expect(page.url()).toBe(before);
  // The https link opens outside the lab (a new tab with noopener), the others nowhere.
  expect(popups).toBeLessThanOrEqual(1);
});

test('the Content-Security-Policy blocks inline and foreign scripts', async ({ home, page, pageErrors }) => {
  await home.open();
  const r = await page.evaluate(() => {
    const s = document.createElement('script');
    s.textContent = 'window.__inline = 1';
    document.body.append(s);
    const d = document.createElement('script');
    d.src = 'data:text/javascript,window.__data=1';
    document.body.append(d);
    return { inline: (window as unknown as { __inline?: number }).__inline };
  });
  expect(r.inline).toBeUndefined();
  await page.waitForTimeout(200);
  expect(await page.evaluate(() => (window as unknown as { __data?: number }).__data)).toBeUndefined();
  // The blocked attempts are reported on the console; they are this test's point, not a failure.
  const csp = pageErrors.filter((e) => /Content Security Policy/i.test(e));
  expect(csp.length).toBeGreaterThan(0);
  pageErrors.splice(0, pageErrors.length, ...pageErrors.filter((e) => !/Content Security Policy/i.test(e)));
});
