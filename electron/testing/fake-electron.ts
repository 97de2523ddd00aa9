/**
 * A stand-in for the `electron` module, for running the real main and preload bundles under
 * plain node (this machine has no Electron binary). It records what the app asks of Electron so
 * tests can check the wiring; the recorder is `globalThis.__fakeElectron`.
 */
type Fn = (...args: any[]) => any; // eslint-disable-line @typescript-eslint/no-explicit-any

export interface FakeWebContents {
  id: number;
  mainFrame: { url: string; parent: null };
  sent: [string, unknown][];
  handlers: Map<string, Fn[]>;
  windowOpenHandler: Fn | null;
  send(channel: string, payload: unknown): void;
  on(event: string, fn: Fn): void;
  once(event: string, fn: Fn): void;
  setWindowOpenHandler(fn: Fn): void;
  emit(event: string, ...args: unknown[]): void;
}

export interface Recorder {
  calls: string[];
  ready: boolean;
  becomeReady(): void;
  appHandlers: Map<string, Fn[]>;
  paths: Record<string, string>;
  schemes: { scheme: string; privileges: Record<string, unknown> }[];
  schemesRegisteredBeforeReady: boolean | null;
  protocolHandlers: Map<string, Fn>;
  ipcHandlers: Map<string, Fn>;
  windows: FakeWindow[];
  permissionHandlers: Record<string, Fn>;
  requestFilter: { filter: { urls: string[] }; listener: Fn } | null;
  menu: unknown;
  dialogs: unknown[];
  /** What the next open dialogs answer, in turn (the chosen paths); none left: cancelled. */
  openDialogAnswers: string[][];
  /** What the next save dialogs answer, in turn; none left: cancelled. */
  saveDialogAnswers: string[];
  quitCalled: number;
  exposed: Record<string, unknown>;
  invoked: [string, unknown][];
}

let nextId = 1;

function createRecorder(): Recorder & { readyPromise: Promise<void> } {
  let readyResolve: () => void = () => {};
  const readyPromise = new Promise<void>((r) => (readyResolve = r));
  const created: Recorder & { readyPromise: Promise<void> } = {
    readyPromise,
    calls: [],
    ready: false,
    becomeReady() {
      created.ready = true;
      readyResolve();
    },
    appHandlers: new Map(),
    paths: {},
    schemes: [],
    schemesRegisteredBeforeReady: null,
    protocolHandlers: new Map(),
    ipcHandlers: new Map(),
    windows: [],
    permissionHandlers: {},
    requestFilter: null,
    menu: null,
    dialogs: [],
    openDialogAnswers: [],
    saveDialogAnswers: [],
    quitCalled: 0,
    exposed: {},
    invoked: [],
  };
  if (process.env.FAKE_ELECTRON_APPDATA) created.paths.appData = process.env.FAKE_ELECTRON_APPDATA;
  return created;
}

// One recorder shared by every bundle that includes this module (main and preload).
const shared = globalThis as { __fakeElectron?: ReturnType<typeof createRecorder> };
const recorder = (shared.__fakeElectron ??= createRecorder());

function makeWebContents(): FakeWebContents {
  const handlers = new Map<string, Fn[]>();
  const contents: FakeWebContents = {
    id: nextId++,
    mainFrame: { url: '', parent: null },
    sent: [],
    handlers,
    windowOpenHandler: null,
    send: (channel, payload) => void contents.sent.push([channel, payload]),
    on: (event, fn) => void handlers.set(event, [...(handlers.get(event) ?? []), fn]),
    once: (event, fn) => void handlers.set(event, [...(handlers.get(event) ?? []), fn]),
    setWindowOpenHandler: (fn) => void (contents.windowOpenHandler = fn),
    emit: (event, ...args) => {
      for (const fn of handlers.get(event) ?? []) fn(...args);
    },
  };
  return contents;
}

function emitApp(event: string, ...args: unknown[]): void {
  for (const fn of recorder.appHandlers.get(event) ?? []) fn(...args);
}

export class FakeWindow {
  static getAllWindows(): FakeWindow[] {
    return recorder.windows.filter((w) => !w.destroyed);
  }
  static fromWebContents(contents: FakeWebContents): FakeWindow | null {
    return recorder.windows.find((w) => w.webContents === contents) ?? null;
  }
  webContents = makeWebContents();
  loadedUrls: string[] = [];
  destroyed = false;
  handlers = new Map<string, Fn[]>();
  constructor(readonly options: Record<string, unknown>) {
    recorder.windows.push(this);
    emitApp('web-contents-created', {}, this.webContents);
  }
  async loadURL(url: string): Promise<void> {
    this.loadedUrls.push(url);
    this.webContents.mainFrame.url = url;
    for (const fn of this.handlers.get('ready-to-show') ?? []) fn();
    this.webContents.emit('did-finish-load');
  }
  on(event: string, fn: Fn): this {
    this.handlers.set(event, [...(this.handlers.get(event) ?? []), fn]);
    return this;
  }
  once(event: string, fn: Fn): this {
    return this.on(event, fn);
  }
  /** What setProgressBar was given, in order (backup and restore show their progress there). */
  progress: number[] = [];
  setProgressBar(value: number): void {
    this.progress.push(value);
  }
  show(): void {}
  focus(): void {}
  restore(): void {}
  maximize(): void {}
  setFullScreen(): void {}
  isMinimized(): boolean {
    return false;
  }
  isMaximized(): boolean {
    return false;
  }
  isFullScreen(): boolean {
    return false;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  destroy(): void {
    this.destroyed = true;
  }
  getBounds() {
    return { x: 10, y: 10, width: 1000, height: 700 };
  }
}

export const BrowserWindow = FakeWindow;

export const app = {
  isPackaged: false,
  on(event: string, fn: Fn) {
    recorder.appHandlers.set(event, [...(recorder.appHandlers.get(event) ?? []), fn]);
    return app;
  },
  whenReady: () => recorder.readyPromise,
  requestSingleInstanceLock: () => (recorder.calls.push('requestSingleInstanceLock'), true),
  setPath(name: string, value: string) {
    recorder.paths[name] = value;
  },
  getPath: (name: string) => recorder.paths[name] ?? `/fake/${name}`,
  getVersion: () => '0.0.0-test',
  quit() {
    recorder.quitCalled++;
  },
};

export const protocol = {
  registerSchemesAsPrivileged(schemes: Recorder['schemes']) {
    recorder.schemes.push(...schemes);
    recorder.schemesRegisteredBeforeReady = !recorder.ready;
  },
  handle(scheme: string, fn: Fn) {
    recorder.protocolHandlers.set(scheme, fn);
  },
};

export const ipcMain = {
  handle(channel: string, fn: Fn) {
    if (recorder.ipcHandlers.has(channel)) throw new Error(`second handler for ${channel}`);
    recorder.ipcHandlers.set(channel, fn);
  },
  removeHandler(channel: string) {
    recorder.ipcHandlers.delete(channel);
  },
};

export const session = {
  defaultSession: {
    setPermissionRequestHandler: (fn: Fn) => void (recorder.permissionHandlers.request = fn),
    setPermissionCheckHandler: (fn: Fn) => void (recorder.permissionHandlers.check = fn),
    setDevicePermissionHandler: (fn: Fn) => void (recorder.permissionHandlers.device = fn),
    webRequest: { onBeforeRequest: (filter: { urls: string[] }, listener: Fn) => void (recorder.requestFilter = { filter, listener }) },
    on() {},
  },
};

export const Menu = {
  buildFromTemplate: (template: unknown) => ({ template }),
  setApplicationMenu: (menu: unknown) => void (recorder.menu = menu),
};

export const screen = { getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1040 } }] };

export const dialog = {
  showMessageBox: async (...args: unknown[]) => (recorder.dialogs.push(args), { response: 1 }),
  showErrorBox: (...args: unknown[]) => void recorder.dialogs.push(args),
  showOpenDialog: async (...args: unknown[]) => {
    recorder.dialogs.push(['open', args.at(-1)]);
    const filePaths = recorder.openDialogAnswers.shift();
    return filePaths ? { canceled: false, filePaths } : { canceled: true, filePaths: [] };
  },
  showSaveDialog: async (...args: unknown[]) => {
    recorder.dialogs.push(['save', args.at(-1)]);
    const filePath = recorder.saveDialogAnswers.shift();
    return filePath ? { canceled: false, filePath } : { canceled: true, filePath: '' };
  },
};

export const shell = { openExternal: async () => {}, openPath: async () => '' };

export const contextBridge = {
  exposeInMainWorld(name: string, api: unknown) {
    recorder.exposed[name] = api;
  },
};

export const ipcRenderer = {
  invoke: async (channel: string, arg: unknown) => (recorder.invoked.push([channel, arg]), null),
  on() {},
  removeListener() {},
};

export const webUtils = { getPathForFile: (file: { path?: string }) => file.path ?? '' };
