// The student's path through the web version: Home → an assignment → set a script → run → output,
// the timeline matching the engine's final state → step back → filter the trace → 简体中文 → reload
// and find the script autosaved.
import { engineFinalFiles } from './support/engine-final';
import { expect, snap, test } from './support/fixtures';

const SCRIPT = `# e2e: delalloc, then writeback, then a reflinked copy
xfs_io -f -c "pwrite -b 4k 0 64k" a
xfs_io -c "bmap -elpv" a
sync
cp --reflink=always a b
xfs_io -c "pwrite 0 4k" b
xfs_io -c "bmap -elpv" a
`;

test('open an assignment, run a script, step through it, and find it autosaved after a reload', async ({ home, workspace, page }) => {
  await home.open();
  await expect(home.assignment('delayed-allocation')).toBeVisible();
  await expect(home.status('delayed-allocation')).toHaveText('Not started');
  await snap(page, 'home');

  await home.assignment('delayed-allocation').click();
  await workspace.waitForEditor();
  await expect(page.getByTestId('instructions')).toContainText('Delayed allocation');
  expect(await workspace.script()).toContain('pwrite -b 4k 0 16k');

  await workspace.setScript(SCRIPT);
  await workspace.run();
  await expect(workspace.runStatus).toContainText('Exit status 0');
  await expect(workspace.output).toContainText('wrote 65536/65536 bytes at offset 0');
  await snap(page, 'workspace-run');

  // The timeline shows the final step, and its extents are exactly the engine's final state.
  const final = await workspace.timeline();
  expect(final.step).toBe(final.count - 1);
  const engine = engineFinalFiles(SCRIPT);
  expect(final.files.map((f) => f.path)).toEqual(engine.map((f) => f.path));
  for (const f of engine) {
    const shown = final.files.find((x) => x.path === f.path)!;
    expect(shown.data).toEqual(f.dataFork);
    expect(shown.cow).toEqual(f.cowFork);
    expect(shown.size).toBe(f.size);
  }
  await expect(page.getByTestId('timeline')).toHaveAttribute('data-files', '2');

  // Step back to before sync: file a is all delalloc again, and b does not exist.
  const before = await page.evaluate(() => {
    // Find the step of the `sync` command from the scrubber's own data, through the hook only.
    return window.__xfslab!.timeline().count;
  });
  expect(before).toBeGreaterThan(10);
  await workspace.stepBack();
  expect((await workspace.timeline()).step).toBe(final.count - 2);
  let state = await workspace.timeline();
  for (let i = 0; i < final.count && !(state.files.length === 1 && state.files[0].data.every((e) => e.kind === 'delalloc')); i++) {
    await page.getByTestId('prev-command').click();
    state = await workspace.timeline();
  }
  expect(state.files.map((f) => f.path)).toEqual(['a']);
  expect(state.files[0].data.map((e) => e.kind)).toEqual(['delalloc']);
  await expect(page.getByTestId('step-label')).toContainText(/sync|xfs_io|pwrite|close/);
  await snap(page, 'workspace-stepped-back');

  // Jump to a step by number.
  await workspace.jumpTo(3);
  expect((await workspace.timeline()).step).toBe(2);

  // The trace, filtered by event name and by file; a click jumps the timeline to the event's step.
  await workspace.tab('trace').click();
  const rows = page.getByTestId('trace-row');
  await expect(rows.first()).toBeVisible();
  await page.getByTestId('trace-filter-event').selectOption('xfs_iomap_alloc');
  await expect(page.getByTestId('trace-count')).toContainText(/^\d+ of \d+ events$/);
  const texts = await rows.allTextContents();
  expect(texts.length).toBeGreaterThan(0);
  for (const t of texts) expect(t).toContain('xfs_iomap_alloc');
  await page.getByTestId('trace-filter-file').selectOption({ label: 'b' });
  const bRows = await rows.allTextContents();
  expect(bRows.length).toBeLessThan(texts.length);
  const target = Number(await rows.first().getAttribute('data-step'));
  await rows.first().click();
  expect((await workspace.timeline()).step).toBe(target);
  await snap(page, 'workspace-trace');

  // The code path of that write.
  await workspace.tab('code').click();
  await expect(page.getByTestId('codepath')).toContainText('found_cow');
  await workspace.tab('space').click();
  await expect(page.getByTestId('space')).toContainText('delalloc reserved');

  // 简体中文.
  await page.getByTestId('lang-toggle').click();
  await expect(workspace.tab('output')).toHaveText('输出');
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  await snap(page, 'workspace-zh-CN');

  // Autosave, then a reload: same place, same script, same language.
  await expect(workspace.saveState).toHaveText(/已保存|已恢复/);
  await page.reload();
  await workspace.waitForEditor();
  expect(await workspace.script()).toBe(SCRIPT);
  await expect(workspace.tab('output')).toHaveText('输出');
  await page.getByTestId('lang-toggle').click();
  await expect(workspace.tab('output')).toHaveText('Output');

  // Home now shows the assignment in progress.
  await page.getByTestId('app-name').click();
  await expect(home.status('delayed-allocation')).toHaveText('In progress');
});

test('the sandbox shows a syntax error in place and a failed step on the timeline', async ({ home, workspace, page }) => {
  await home.open();
  await home.openSandbox();
  await workspace.waitForEditor();
  await workspace.setScript('xfs_io -f -c "pwrite 0 4k" f\nif then\n');
  await workspace.run();
  await expect(workspace.runStatus).toContainText('Syntax error on line 2');
  await expect(page.locator('.monaco-editor .squiggly-error').first()).toBeVisible();

  // ENOSPC is an event, not a dead end: a tiny filesystem filled past its end.
  await workspace.setScript('# mkfs: -d size=32m\nxfs_io -f -c "pwrite -b 1m 0 64m" big\nxfs_io -f -c "pwrite 0 1m" big2\necho still running\n');
  await workspace.run();
  await expect(workspace.output).toContainText('No space left on device');
  await expect(workspace.output).toContainText('still running');
  // The failing step is marked: jump to it and see the errno badge.
  const failStep = (await workspace.steps()).findIndex((s) => s.fail === 'ENOSPC');
  expect(failStep).toBeGreaterThan(0);
  await workspace.jumpTo(failStep + 1);
  await expect(page.getByTestId('step-label')).toContainText('ENOSPC');
  await workspace.tab('space').click();
  await snap(page, 'sandbox-enospc');
});

test('the space view shows the simulated clock, the dirty page cache the flusher writes back after 30 s, and freed blocks busy until the log worker forces the log', async ({ home, workspace, page }) => {
  await home.open();
  await home.openSandbox();
  await workspace.waitForEditor();
  await workspace.setScript('xfs_io -f -c "pwrite 0 64k" f\nxfs_io -f -c "pwrite 0 32k" -c fsync g\nrm g\nsleep 35\nxfs_io -c "bmap -v" f\n');
  await workspace.run();
  // The flusher wrote the delalloc extent back during the sleep: bmap shows real blocks.
  await expect(workspace.output).toContainText('[0..127]:');
  await expect(workspace.output).not.toContainText('delalloc');
  const steps = await workspace.steps();
  const sleep = steps.findIndex((s) => s.label.startsWith('sleep'));
  expect(sleep).toBeGreaterThan(0);
  await workspace.tab('space').click();
  const dirty = page.getByTestId('space').locator('tr', { hasText: 'dirty in the page cache' }).locator('td');
  const busy = page.getByTestId('space').locator('tr', { hasText: 'freed, busy until the log is forced' }).locator('td');
  // Before the sleep: 16 dirty blocks at ~0 s, and g's 8 blocks freed but busy; after it: none, at 35 s.
  await workspace.jumpTo(sleep);
  await expect(dirty).toHaveText('16');
  await expect(busy).toHaveText('8');
  await expect(page.getByTestId('space-clock')).toHaveText(/^Simulated clock: 0\.\d{3} s$/);
  await workspace.jumpTo(sleep + 1);
  await expect(dirty).toHaveText('0');
  await expect(busy).toHaveText('0');
  await expect(page.getByTestId('space-clock')).toHaveText(/^Simulated clock: 35\.\d{3} s$/);
});

test('the dark theme applies everywhere and persists', async ({ home, workspace, page }) => {
  await home.open();
  await page.getByTestId('theme-toggle').click();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await home.openSandbox();
  await workspace.waitForEditor();
  await workspace.run();
  await expect(page.locator('.monaco-editor.vs-dark')).toBeVisible();
  await snap(page, 'workspace-dark');
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await page.getByTestId('theme-toggle').click();
});

test('a script file opened from disk lands in the workspace and in the recent files', async ({ home, workspace, page }) => {
  await home.open();
  const chooser = page.waitForEvent('filechooser');
  await page.getByTestId('open-file').click();
  await (await chooser).setFiles({ name: 'mine.sh', mimeType: 'text/plain', buffer: Buffer.from('xfs_io -f -c "pwrite 0 8k" mine\n') });
  await workspace.waitForEditor();
  await expect(page).toHaveURL(/#\/file\/[0-9a-f]{16}$/);
  await expect(page.getByTestId('crumb')).toContainText('mine.sh');
  expect(await workspace.script()).toBe('xfs_io -f -c "pwrite 0 8k" mine\n');
  await workspace.run();
  await expect(workspace.output).toContainText('wrote 8192/8192');
  await page.getByTestId('app-name').click();
  await expect(page.getByTestId('recent-files')).toContainText('mine.sh');
});

test('a long run reports progress and stops on Stop', async ({ home, workspace, page }) => {
  await home.open();
  await home.openSandbox();
  await workspace.waitForEditor();
  await workspace.setScript('touch f\nwhile true; do xfs_io -c "pwrite 0 4k" f; done\n');
  await page.getByTestId('run').click();
  await expect(workspace.runStatus).toContainText(/Running… [\d,]+ steps/, { timeout: 20_000 });
  await page.getByTestId('stop').click();
  await expect(workspace.runStatus).toHaveText('Stopped.');
  await expect(page.getByTestId('run')).toBeVisible();
});
