// Electron main process: one locked-down window on the built renderer, the lab service behind IPC.
// Security follows Electron's checklist (STYLE.md): isolation + sandbox, no navigation, no new
// windows, no permissions; every IPC message is checked for its sender and its payload.
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import {
  app, BrowserWindow, dialog, ipcMain, Menu, session, shell, type IpcMainInvokeEvent, type MenuItemConstructorOptions,
} from 'electron';
import { eventChannel, isRequestMethod, REQUEST_METHODS, requestChannel, type EventName, type EventPayloads, type MenuCommand } from './ipc-contract';
import { isTrustedSender } from './ipc-sender';
import { isSafeExternalUrl, LabService } from './lab/lab-service';
import { assignmentsDir } from './paths';

const preloadPath = fileURLToPath(new URL('../preload/index.cjs', import.meta.url));
const rendererFile = fileURLToPath(new URL('../renderer/index.html', import.meta.url));
const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
/** Set by `electron-vite dev` to its dev server; absent in a built app. */
const devServerUrl = process.env['ELECTRON_RENDERER_URL'];

let mainWindow: BrowserWindow | undefined;
let lab: LabService | undefined;

function send<E extends EventName>(event: E, payload: EventPayloads[E]): void {
  mainWindow?.webContents.send(eventChannel(event), payload);
}

function createWindow(): BrowserWindow {
  const win = new BrowserWindow({
    width: 1440,
    height: 900,
    minWidth: 900,
    minHeight: 600,
    title: 'XFS Lab',
    show: false,
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      webviewTag: false,
      spellcheck: false,
    },
  });
  win.once('ready-to-show', () => win.show());
  // A crashed page comes back by itself; the student's drafts are restored from the workspace.
  win.webContents.on('render-process-gone', (_event, details) => {
    if (details.reason !== 'clean-exit' && !win.isDestroyed()) win.webContents.reload();
  });
  if (devServerUrl) void win.loadURL(devServerUrl);
  else void win.loadFile(rendererFile);
  return win;
}

function openMainWindow(): void {
  const win = createWindow();
  win.on('closed', () => {
    if (mainWindow === win) mainWindow = undefined;
  });
  mainWindow = win;
}

function trusted(event: IpcMainInvokeEvent): boolean {
  const frame = event.senderFrame;
  return isTrustedSender(
    {
      senderId: event.sender.id,
      windowId: mainWindow?.webContents.id,
      isMainFrame: !!frame && frame === event.sender.mainFrame,
      frameUrl: frame?.url ?? '',
    },
    { rendererFile, devServerUrl },
  );
}

function registerIpc(service: LabService): void {
  for (const method of REQUEST_METHODS) {
    ipcMain.handle(requestChannel(method), async (event, arg: unknown) => {
      if (!trusted(event)) return { ok: false, error: { code: 'EACCES', message: 'IPC from an unknown sender' } };
      if (!isRequestMethod(method)) return { ok: false, error: { code: 'EINVAL', message: 'unknown request' } };
      return service.dispatch(method, arg);
    });
  }
}

function menuCommand(command: MenuCommand): () => void {
  return () => send('menuCommand', command);
}

function buildMenu(): void {
  const isMac = process.platform === 'darwin';
  const template: MenuItemConstructorOptions[] = [
    ...(isMac ? [{ role: 'appMenu' as const }] : []),
    {
      label: 'File',
      submenu: [
        { label: 'Home', accelerator: 'CmdOrCtrl+Shift+H', click: menuCommand('home') },
        { label: 'Open Script…', accelerator: 'CmdOrCtrl+O', click: menuCommand('open-file') },
        { label: 'Save Script As…', accelerator: 'CmdOrCtrl+Shift+S', click: menuCommand('save-file') },
        { type: 'separator' },
        isMac ? { role: 'close' } : { role: 'quit' },
      ],
    },
    { role: 'editMenu' },
    {
      label: 'Run',
      submenu: [
        // Ctrl/Cmd+Enter is handled in the page (it works in the web version too); listed here for discovery.
        { label: 'Run Script', accelerator: 'CmdOrCtrl+Enter', registerAccelerator: false, click: menuCommand('run') },
        { label: 'Stop', accelerator: 'CmdOrCtrl+.', click: menuCommand('stop') },
      ],
    },
    {
      label: 'View',
      submenu: [
        { label: 'Toggle Dark Theme', click: menuCommand('toggle-theme') },
        { type: 'separator' },
        { role: 'resetZoom' }, { role: 'zoomIn' }, { role: 'zoomOut' }, { type: 'separator' }, { role: 'togglefullscreen' },
        ...(app.isPackaged ? [] : [{ role: 'toggleDevTools' as const }]),
      ],
    },
    { role: 'windowMenu' },
    { role: 'help', submenu: [{ label: 'About XFS Lab', click: () => app.showAboutPanel() }] },
  ];
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}

function lockDown(): void {
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-navigate', (event) => event.preventDefault());
    contents.on('will-redirect', (event) => event.preventDefault());
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  });
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);
}

async function startLab(): Promise<LabService> {
  const service = new LabService({
    host: {
      kind: 'desktop',
      version: app.getVersion(),
      pickScriptFile: async () => {
        const r = await dialog.showOpenDialog(mainWindow!, {
          title: 'Open script', properties: ['openFile'], filters: [{ name: 'Scripts', extensions: ['sh', 'bash', 'txt'] }],
        });
        return r.canceled ? null : (r.filePaths[0] ?? null);
      },
      pickSavePath: async (name, kind = 'script') => {
        const r = await dialog.showSaveDialog(mainWindow!, kind === 'submission'
          ? { title: 'Save submission', defaultPath: name, filters: [{ name: 'XFS Lab submissions', extensions: ['json'] }] }
          : { title: 'Save script', defaultPath: name, filters: [{ name: 'Scripts', extensions: ['sh'] }] });
        return r.canceled ? null : (r.filePath ?? null);
      },
      writeFile: (file, text) => writeFile(file, text, 'utf8'),
      openExternal: async (url) => {
        if (isSafeExternalUrl(url)) await shell.openExternal(url);
      },
    },
    assignmentsDir: assignmentsDir(projectRoot),
    workspaceDir: path.join(app.getPath('userData'), 'workspace'),
    instructor: process.argv.includes('--instructor') || process.env['XFSLAB_INSTRUCTOR'] === '1',
    workerUrl: new URL('./run-worker.js', import.meta.url),
    onProgress: (p) => send('runProgress', p),
  });
  return service;
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('will-quit', () => {
    void lab?.dispose();
  });
  void app.whenReady().then(async () => {
    const pkg = JSON.parse(await readFile(path.join(projectRoot, 'package.json'), 'utf8')) as { description?: string };
    app.setAboutPanelOptions({
      applicationName: 'XFS Lab',
      applicationVersion: app.getVersion(),
      copyright: 'XFS Lab authors',
      credits: pkg.description ?? '',
    });
    lockDown();
    lab = await startLab();
    registerIpc(lab);
    buildMenu();
    openMainWindow();
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) openMainWindow();
    });
  });
}
