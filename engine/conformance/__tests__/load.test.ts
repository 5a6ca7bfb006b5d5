import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { listScenarios, loadRecording, parseNeeds } from '../load.js';

const ORACLE = fileURLToPath(new URL('../../../oracle', import.meta.url));

describe('oracle loader', () => {
  const all = listScenarios(ORACLE);
  const count = (kind: string): number => all.filter((s) => s.kind === kind).length;

  it('finds every recorded scenario of the copied oracle', () => {
    expect([count('scenario'), count('fstests'), count('quota'), count('enospc')]).toEqual([49, 12, 6, 1]);
    for (const s of all) expect(s.recordingPath).toMatch(new RegExp(`/${s.name}\\.json(\\.gz)?$`));
    expect(all.filter((s) => s.expectedPath).map((s) => s.kind)).toEqual(Array(12).fill('fstests'));
  });

  it('reads `# needs:` and marks quota recordings', () => {
    expect(all.filter((s) => s.kind === 'fstests' && s.needs.includes('quota')).length).toBe(5);
    expect(all.filter((s) => s.kind === 'quota').every((s) => s.needs.includes('quota'))).toBe(true);
    expect(all.find((s) => s.name === 'fstests-generic-138')?.needs).toEqual([]);
    expect(parseNeeds('# mkfs: -m reflink=1\n# needs: quota, reflink\necho hi\n# needs: late\n')).toEqual(['quota', 'reflink']);
  });

  it('gunzips the compressed recording', () => {
    const s = all.find((x) => x.recordingPath.endsWith('.gz'));
    expect(s).toBeDefined();
    const rec = loadRecording(s!.recordingPath);
    expect(rec.scenario).toBe(s!.name);
    expect(rec.trace.length).toBeGreaterThan(0);
  });
});
