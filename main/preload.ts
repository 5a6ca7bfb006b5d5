// Sandboxed preload: exposes exactly the contract's functions as `window.api`, one named function per
// operation and nothing else (no generic invoke, no process.env); event callbacks get the data, never
// the IPC event. Built as CommonJS: sandboxed preloads cannot be ES modules.
import { contextBridge, ipcRenderer } from 'electron';
import { eventChannel, requestChannel } from './ipc-channels';
import type { EventName, EventPayloads, LabApi, RequestMethod } from './ipc-contract';

const call = (m: RequestMethod) => (arg?: unknown) => ipcRenderer.invoke(requestChannel(m), arg);

function subscribe<E extends EventName>(event: E) {
  return (callback: (payload: EventPayloads[E]) => void): (() => void) => {
    const listener = (_e: Electron.IpcRendererEvent, payload: EventPayloads[E]): void => callback(payload);
    ipcRenderer.on(eventChannel(event), listener);
    return () => ipcRenderer.off(eventChannel(event), listener);
  };
}

// Written out key by key (not generated) so `LabApi` checks that every operation is here, and only those.
const api: LabApi = {
  appInfo: call('appInfo'),
  listAssignments: call('listAssignments'),
  getAssignment: call('getAssignment'),
  loadDraft: call('loadDraft'),
  saveDraft: call('saveDraft'),
  listRecentFiles: call('listRecentFiles'),
  openScriptFile: call('openScriptFile'),
  importScript: call('importScript'),
  openRecentFile: call('openRecentFile'),
  saveScriptFile: call('saveScriptFile'),
  checkScript: call('checkScript'),
  checkAssignment: call('checkAssignment'),
  submitAssignment: call('submitAssignment'),
  gradeSubmission: call('gradeSubmission'),
  runScript: call('runScript'),
  cancelRun: call('cancelRun'),
  openExternal: call('openExternal'),
  onRunProgress: subscribe('runProgress'),
  onMenuCommand: subscribe('menuCommand'),
};

contextBridge.exposeInMainWorld('api', api);
