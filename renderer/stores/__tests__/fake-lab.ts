// A fake `window.api` and browser globals for store tests (a fresh Pinia per test, as Pinia's own tests do).
import { vi } from 'vitest';
import type { LabApi, Result } from '../../../main/ipc-contract';

export function ok<T>(value: T): Promise<Result<T>> {
  return Promise.resolve({ ok: true, value });
}

/** Install browser-ish globals and return the fake api (every method a vi.fn). */
export function installFakeLab(overrides: Partial<LabApi> = {}): LabApi & Record<string, ReturnType<typeof vi.fn>> {
  const storage = new Map<string, string>();
  const g = globalThis as Record<string, unknown>;
  g['localStorage'] = {
    getItem: (k: string) => storage.get(k) ?? null,
    setItem: (k: string, v: string) => void storage.set(k, v),
    removeItem: (k: string) => void storage.delete(k),
  };
  const api = {
    appInfo: vi.fn(() => ok({ version: '1.0.0', host: 'web' as const, platform: 'linux', instructor: false })),
    listAssignments: vi.fn(() => ok([])),
    getAssignment: vi.fn(),
    loadDraft: vi.fn(() => ok(null)),
    saveDraft: vi.fn(() => ok({ savedAt: 1 })),
    listRecentFiles: vi.fn(() => ok([])),
    openScriptFile: vi.fn(() => ok(null)),
    importScript: vi.fn(),
    openRecentFile: vi.fn(),
    saveScriptFile: vi.fn(() => ok({ saved: true, name: 'x.sh' })),
    checkScript: vi.fn(() => ok([])),
    runScript: vi.fn(),
    cancelRun: vi.fn(() => ok({ cancelled: true })),
    openExternal: vi.fn(() => ok({ opened: true })),
    onRunProgress: vi.fn(() => () => {}),
    onMenuCommand: vi.fn(() => () => {}),
    ...overrides,
  };
  g['window'] = { api };
  return api as unknown as LabApi & Record<string, ReturnType<typeof vi.fn>>;
}
