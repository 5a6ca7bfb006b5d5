// The renderer's one way to the lab: `window.api` (the Electron preload, or the web bridge).
// Only stores import this file; components read stores (STYLE.md).
import type { LabApi, LabError, Result } from '../main/ipc-contract';

export class LabCallError extends Error {
  constructor(readonly error: LabError) {
    super(error.message);
  }
  get code(): string {
    return this.error.code;
  }
}

export function lab(): LabApi {
  if (!window.api) throw new Error('window.api is missing: the page was loaded outside the lab');
  return window.api;
}

/** Await a request and unwrap its result (a failure throws LabCallError). */
export async function call<T>(p: Promise<Result<T>>): Promise<T> {
  const r = await p;
  if (!r.ok) throw new LabCallError(r.error);
  return r.value;
}
