import { describe, expect, it } from 'vitest';
import { cursorContext, hoverDoc } from '../lab-language';

describe('cursorContext', () => {
  it.each([
    ['', { kind: 'command' }],
    ['xfs_', { kind: 'command' }],
    ['sync; xfs', { kind: 'command' }],
    ['for i in 1 2; do xfs', { kind: 'command' }],
    ['xfs_io -f -c "', { kind: 'xfs-io-command' }],
    ['xfs_io -f -c "pw', { kind: 'xfs-io-command' }],
    ['xfs_io -c "pwrite -', { kind: 'xfs-io-option', sub: 'pwrite' }],
    ["xfs_io -c 'bmap -e", { kind: 'xfs-io-option', sub: 'bmap' }],
    ['xfs_io -c "pwrite 0 4k" -c "bm', { kind: 'xfs-io-command' }],
    ['xfs_io -', { kind: 'tool-option', tool: 'xfs_io' }],
    ['cp --re', { kind: 'tool-option', tool: 'cp' }],
    ['# mk', { kind: 'header' }],
    ['# a comment about xfs_io -c "', { kind: 'none' }],
    ['xfs_io -c "pwrite 0 4k" file ', { kind: 'none' }],
  ] as const)('%j → %j', (before, ctx) => {
    expect(cursorContext(before)).toEqual(ctx);
  });
});

describe('hoverDoc', () => {
  it('documents commands and xfs_io subcommands under the cursor', () => {
    const line = 'xfs_io -f -c "pwrite -b 4k 0 64k" file';
    expect(hoverDoc(line, 2)?.doc.name).toBe('xfs_io');
    expect(hoverDoc(line, 16)?.doc.name).toBe('pwrite');
    expect(hoverDoc(line, 36)).toBeUndefined();
    expect(hoverDoc('sync', 1)?.doc.name).toBe('sync');
  });
});
