import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { BrowserWindow, IpcMain, OpenDialogOptions } from 'electron';
import {
  INVOKE,
  MAX_OPEN_FILE_BYTES,
  type HttpRequest,
  type HttpResult,
  type LoginItemState,
  type NotifyRequest,
  type OpenFileResult,
  type TokenWhere,
} from '../shared/ipc';
import { IpcRejection, guardedHandler, type InvokeEventLike, type SenderContext } from './ipc-guard';
import { isVettedExternalUrl } from './security';

export interface IpcDependencies {
  ipcMain: Pick<IpcMain, 'handle'>;
  context: SenderContext;
  mainWindow(): BrowserWindow | undefined;
  showOpenDialog(
    window: BrowserWindow | undefined,
    options: OpenDialogOptions,
  ): Promise<{ canceled: boolean; filePaths: string[] }>;
  notify(request: NotifyRequest): void;
  isOnline(): boolean;
  version(): string;
  /** hands a vetted link to the OS browser; false if the URL was refused */
  openLink(url: string): Promise<boolean>;
  /** the sync token's keeper (`TokenVault`: safeStorage, or memory only) */
  tokens: {
    get(): Promise<string | null>;
    set(token: string | null): Promise<TokenWhere>;
    where(): TokenWhere;
  };
  /** the engine's HTTP, sent from here (`HttpRelay` over net.fetch); owner = sender's webContents id */
  http: {
    send(owner: number, request: HttpRequest): Promise<HttpResult>;
    abort(owner: number, id: string): void;
  };
  /** the sync server the UI saved (null: none), the only origin `http` sends to */
  setSyncServer(url: string | null): Promise<void>;
  startAtLogin: {
    state(): LoginItemState;
    set(enabled: boolean): Promise<LoginItemState>;
    remindersSetUp(): Promise<LoginItemState>;
  };
  /** files the OS asked the app to open, waiting for the import wizard */
  openedFiles: { take(): Promise<OpenFileResult> };
}

/** Reads the chosen file, refusing anything that is not a regular file under the size limit. */
export async function readChosenFile(filePath: string): Promise<NonNullable<OpenFileResult>> {
  const stat = await fs.stat(filePath);
  if (!stat.isFile()) throw new IpcRejection(`${path.basename(filePath)} is not a file`);
  if (stat.size > MAX_OPEN_FILE_BYTES) {
    const limitMb = Math.round(MAX_OPEN_FILE_BYTES / (1024 * 1024));
    throw new IpcRejection(`${path.basename(filePath)} is larger than ${limitMb} MB`);
  }
  const bytes = await fs.readFile(filePath);
  return {
    name: path.basename(filePath),
    bytes: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength),
  };
}

/** Registers every renderer -> main channel, each behind the sender and payload guard. */
export function registerIpcHandlers(deps: IpcDependencies): void {
  const handle = <R>(
    channel: string,
    listener: (event: InvokeEventLike, payload?: unknown) => Promise<R>,
  ): void => {
    deps.ipcMain.handle(channel, (event, payload: unknown) => listener(event, payload));
  };

  handle(
    INVOKE.openFile,
    guardedHandler(INVOKE.openFile, deps.context, async (request): Promise<OpenFileResult> => {
      const options: OpenDialogOptions = { properties: ['openFile'] };
      if (request.title !== undefined) options.title = request.title;
      if (request.filters !== undefined) options.filters = request.filters;
      const result = await deps.showOpenDialog(deps.mainWindow(), options);
      const chosen = result.filePaths[0];
      if (result.canceled || chosen === undefined) return null;
      return readChosenFile(chosen);
    }),
  );
  handle(
    INVOKE.notify,
    guardedHandler(INVOKE.notify, deps.context, (request) => deps.notify(request)),
  );
  handle(
    INVOKE.getOnline,
    guardedHandler(INVOKE.getOnline, deps.context, () => deps.isOnline()),
  );
  handle(
    INVOKE.getVersion,
    guardedHandler(INVOKE.getVersion, deps.context, () => deps.version()),
  );
  handle(
    INVOKE.openExternal,
    guardedHandler(INVOKE.openExternal, deps.context, async ({ url }) => {
      // checked here too so the renderer learns of the refusal instead of a silent no-op
      if (!isVettedExternalUrl(url) || !(await deps.openLink(url))) {
        throw new IpcRejection(`${INVOKE.openExternal}: refused to open ${url}`);
      }
    }),
  );
  handle(
    INVOKE.tokenGet,
    guardedHandler(INVOKE.tokenGet, deps.context, () => deps.tokens.get()),
  );
  handle(
    INVOKE.tokenSet,
    guardedHandler(INVOKE.tokenSet, deps.context, ({ token }) => deps.tokens.set(token)),
  );
  handle(
    INVOKE.tokenWhere,
    guardedHandler(INVOKE.tokenWhere, deps.context, () => deps.tokens.where()),
  );
  handle(
    INVOKE.httpSend,
    guardedHandler(INVOKE.httpSend, deps.context, (request, event) =>
      deps.http.send(event.sender.id, request),
    ),
  );
  handle(
    INVOKE.httpAbort,
    guardedHandler(INVOKE.httpAbort, deps.context, ({ id }, event) => deps.http.abort(event.sender.id, id)),
  );
  handle(
    INVOKE.syncServerSet,
    guardedHandler(INVOKE.syncServerSet, deps.context, ({ url }) => deps.setSyncServer(url)),
  );
  handle(
    INVOKE.loginItemGet,
    guardedHandler(INVOKE.loginItemGet, deps.context, () => deps.startAtLogin.state()),
  );
  handle(
    INVOKE.loginItemSet,
    guardedHandler(INVOKE.loginItemSet, deps.context, ({ enabled }) => deps.startAtLogin.set(enabled)),
  );
  handle(
    INVOKE.remindersSetUp,
    guardedHandler(INVOKE.remindersSetUp, deps.context, () => deps.startAtLogin.remindersSetUp()),
  );
  handle(
    INVOKE.openedFileTake,
    guardedHandler(INVOKE.openedFileTake, deps.context, () => deps.openedFiles.take()),
  );
}
