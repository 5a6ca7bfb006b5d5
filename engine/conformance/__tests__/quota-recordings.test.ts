/**
 * Quota against the real kernel (Linux 6.1 under QEMU): every quota recording's `xfs_quota` report,
 * parsed and as text, and `xfs_quota state` are the same as the engine's in each captured state
 * (initial, right after the script, after sync, after remount); and the five quota fstests
 * translations print exactly their .expected lines, under the recorded kernel's behaviour and under
 * the engine's default (6.18).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listScenarios, loadRecording } from '../load.js';
import { runOracle } from '../../run/oracle-json.js';
import { runScript } from '../../run/run-script.js';
import { fstestsFilter } from './fstests-expected.test.js';

const oracle = join(dirname(fileURLToPath(import.meta.url)), '../../../oracle');
const STATES = ['initial', 'final', 'after_sync', 'after_remount'] as const;

describe('quota reports of the quota recordings', () => {
  const scenarios = listScenarios(oracle).filter((s) => s.kind === 'quota' || s.kind === 'enospc');
  it('finds the six quota recordings and the ENOSPC one', () => {
    expect(scenarios.map((s) => s.name)).toEqual([
      'q01-edquot-hard-limit-buffered', 'q03-edquot-blockgc-frees-other-prealloc', 'q04-soft-limit-grace-expiry',
      'q06-group-quota-edquot', 'q07-project-quota-enospc', 'q09-report-delalloc-before-after-sync',
      'e01-enospc-retry-blockgc',
    ]);
  });
  for (const sc of scenarios) {
    it(`${sc.name}: quota_report, its text and the quota state match in every state`, () => {
      const expected = loadRecording(sc.recordingPath);
      const actual = runOracle(readFileSync(sc.scriptPath, 'utf8'), sc.name, { kernel: expected.kernel });
      for (const st of STATES) {
        const e = expected.state[st];
        const a = actual.state[st];
        expect(a?.quota_report, `${st}.quota_report`).toEqual(e?.quota_report);
        expect(a?.quota_report_text, `${st}.quota_report_text`).toBe(e?.quota_report_text);
        expect(a?.quota_state_text, `${st}.quota_state_text`).toBe(e?.quota_state_text);
      }
      expect(actual.quota_report).toEqual(expected.quota_report);
    });
  }
});

describe('the quota fstests translations print their .expected lines', () => {
  const scenarios = listScenarios(oracle).filter((s) => s.kind === 'fstests' && s.needs.includes('quota'));
  it('has the five quota translations', () => {
    expect(scenarios.map((s) => s.name)).toEqual([
      'fstests-generic-230', 'fstests-generic-305', 'fstests-generic-326', 'fstests-xfs-014', 'fstests-xfs-213',
    ]);
  });
  for (const sc of scenarios) {
    for (const flavour of ['recorded', '6.18'] as const) {
      it(`${sc.name} (${flavour} kernel behaviour)`, () => {
        const kernel = flavour === 'recorded' ? loadRecording(sc.recordingPath).kernel : undefined;
        const res = runScript(readFileSync(sc.scriptPath, 'utf8'), { steps: false, trace: false, kernel });
        const expected = readFileSync(sc.expectedPath!, 'utf8').split('\n').filter((l, i, a) => i < a.length - 1 || l !== '');
        expect(fstestsFilter(res.output)).toEqual(expected);
      });
    }
  }
});
