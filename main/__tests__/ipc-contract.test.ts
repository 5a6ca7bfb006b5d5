import { describe, expect, it } from 'vitest';
import { API_KEYS, REQUEST_METHODS, isRequestMethod, validateRequest, MAX_SCRIPT_BYTES } from '../ipc-contract';

describe('the IPC contract', () => {
  it('accepts well-formed payloads', () => {
    expect(validateRequest('appInfo', undefined).ok).toBe(true);
    expect(validateRequest('saveDraft', { slot: 'assignment:delayed-allocation', text: 'echo hi' }).ok).toBe(true);
    expect(validateRequest('saveDraft', { slot: 'sandbox', text: '' }).ok).toBe(true);
    expect(validateRequest('runScript', { runId: 'r1', script: 'sync', seed: 7 }).ok).toBe(true);
    expect(validateRequest('openRecentFile', { id: '0123456789abcdef' }).ok).toBe(true);
  });

  it.each([
    ['appInfo', { extra: 1 }],
    ['getAssignment', { id: '../etc' }],
    ['getAssignment', { id: 'Delayed' }],
    ['getAssignment', {}],
    ['loadDraft', { slot: 'file:../../x' }],
    ['loadDraft', { slot: 'assignment:a/b' }],
    ['saveDraft', { slot: 'sandbox', text: 42 }],
    ['saveDraft', { slot: 'sandbox', text: 'x'.repeat(MAX_SCRIPT_BYTES + 1) }],
    ['saveDraft', { slot: 'sandbox', text: 'ok', path: '/etc/passwd' }],
    ['runScript', { runId: 'has space', script: '' }],
    ['runScript', { runId: 'r', script: '', seed: -1 }],
    ['runScript', { runId: 'r', script: '', seed: 1.5 }],
    ['runScript', null],
    ['importScript', { name: '../evil.sh', text: '' }],
    ['importScript', { name: 'a\nb.sh', text: '' }],
    ['importScript', { name: '', text: '' }],
    ['openRecentFile', { id: '/home/student/x.sh' }],
    ['openExternal', { url: 'x'.repeat(3000) }],
    ['checkScript', 'echo'],
  ] as const)('refuses %s with %j', (method, payload) => {
    const r = validateRequest(method, payload);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe('EINVAL');
  });

  it('knows its methods and nothing else', () => {
    expect(isRequestMethod('runScript')).toBe(true);
    expect(isRequestMethod('constructor')).toBe(false);
    expect(isRequestMethod('__proto__')).toBe(false);
    expect(isRequestMethod(42)).toBe(false);
    expect(API_KEYS).toEqual([...REQUEST_METHODS, 'onRunProgress', 'onMenuCommand']);
  });
});
