// Sandboxed preload: exposes exactly the contract's functions as `window.api`, nothing else
// (no generic invoke, no process.env). Built as CommonJS: sandboxed preloads cannot be ES modules.
import { contextBridge, ipcRenderer } from 'electron';
import { IPC_CHANNELS, type LabApi } from './ipc-contract';

const api: LabApi = {
  version: () => ipcRenderer.invoke(IPC_CHANNELS.version),
};

contextBridge.exposeInMainWorld('api', api);
