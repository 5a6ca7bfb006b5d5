// The process boundary, declared once: every request the renderer may make. main/ registers a handler
// per channel, the preload builds `window.api` from it, and the renderer imports it as types only.
// A browser bridge over loopback will implement the same `LabApi` (a later issue).

/** IPC channel of each request, by the name of its `LabApi` method. */
export const IPC_CHANNELS = {
  version: 'lab:version',
} as const satisfies Record<keyof LabApi, string>;

/** What the renderer can ask of the lab; one named function per operation. */
export interface LabApi {
  /** The lab's version (package.json `version`). */
  version(): Promise<string>;
}
