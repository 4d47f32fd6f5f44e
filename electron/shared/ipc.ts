import { z } from 'zod';

/**
 * The one declaration of the bridge between the Electron main process and its renderers: every
 * channel name, the zod schema of every payload, and the type of `window.roHost`. Main, the
 * preload and the renderer all import it, so it must stay free of Node and Electron imports
 * (tsconfig.web.json type-checks it as browser code).
 */

/** Renderer -> main requests (`ipcRenderer.invoke` / `ipcMain.handle`). */
export const INVOKE = {
  openFile: 'ro:open-file',
  notify: 'ro:notify',
  getOnline: 'ro:get-online',
  getVersion: 'ro:get-version',
  openExternal: 'ro:open-external',
  tokenGet: 'ro:token-get',
  tokenSet: 'ro:token-set',
  tokenWhere: 'ro:token-where',
  httpSend: 'ro:http-send',
  httpAbort: 'ro:http-abort',
  syncServerSet: 'ro:sync-server-set',
  loginItemGet: 'ro:login-item-get',
  loginItemSet: 'ro:login-item-set',
  remindersSetUp: 'ro:reminders-set-up',
  openedFileTake: 'ro:opened-file-take',
} as const;
export type InvokeChannel = (typeof INVOKE)[keyof typeof INVOKE];

/** Main -> renderer events (`webContents.send` / `ipcRenderer.on`). */
export const EVENTS = {
  onlineChanged: 'ro:online-changed',
  tick: 'ro:tick',
  navigate: 'ro:navigate',
  openedFile: 'ro:opened-file',
} as const;
export type EventChannel = (typeof EVENTS)[keyof typeof EVENTS];

/**
 * Which window may call a channel. The engine window is the only one that raises OS
 * notifications; only the UI window opens file dialogs or external links, so a compromised
 * engine renderer cannot put a dialog in front of the coordinator. Both windows use the sync
 * token: the UI edits it, the engine reads it for every sync and moves an old IndexedDB copy
 * into the key store on its first start. Only the engine syncs, so only it sends HTTP requests
 * through the main process; only the UI, where the coordinator edits it, names the server they
 * may go to, so a compromised engine renderer cannot send the token anywhere else.
 */
export type ChannelAudience = 'any' | 'ui' | 'engine';
export const INVOKE_AUDIENCE: Record<InvokeChannel, ChannelAudience> = {
  [INVOKE.openFile]: 'ui',
  [INVOKE.notify]: 'engine',
  [INVOKE.getOnline]: 'any',
  [INVOKE.getVersion]: 'any',
  [INVOKE.openExternal]: 'ui',
  [INVOKE.tokenGet]: 'any',
  [INVOKE.tokenSet]: 'any',
  [INVOKE.tokenWhere]: 'any',
  [INVOKE.httpSend]: 'engine',
  [INVOKE.httpAbort]: 'engine',
  [INVOKE.syncServerSet]: 'ui',
  [INVOKE.loginItemGet]: 'ui',
  [INVOKE.loginItemSet]: 'ui',
  [INVOKE.remindersSetUp]: 'engine',
  [INVOKE.openedFileTake]: 'ui',
};

/** Files larger than this are refused before they are read: spreadsheets of registrations are far smaller. */
export const MAX_OPEN_FILE_BYTES = 25 * 1024 * 1024;

/**
 * An in-app route such as `/mentors?attention=run-1,run-2`, also accepted in its hash form
 * (`#/mentors?...`, as the engine's notifications write it) and normalised to the path form.
 * Never a URL with a scheme or a host: `//host` and `/\host` are refused.
 */
export const appRouteSchema = z
  .string()
  .max(2048)
  .regex(
    /^#?\/(?![/\\])[A-Za-z0-9\-._~/?=&%#:+,;!*'()$@]*$/,
    'must be an in-app path starting with "/" or "#/"',
  )
  .transform((route) => (route.startsWith('#') ? route.slice(1) : route));

const fileFilterSchema = z.strictObject({
  name: z.string().min(1).max(100),
  extensions: z
    .array(
      z
        .string()
        .min(1)
        .max(16)
        .regex(/^(\*|[A-Za-z0-9]+)$/),
    )
    .min(1)
    .max(20),
});

export const openFileRequestSchema = z
  .strictObject({
    title: z.string().max(200).optional(),
    filters: z.array(fileFilterSchema).max(10).optional(),
  })
  .default({});
export type OpenFileRequest = z.input<typeof openFileRequestSchema>;

export const openFileResultSchema = z.union([
  z.null(),
  z.strictObject({
    name: z.string().min(1).max(255),
    bytes: z.instanceof(Uint8Array),
  }),
]);
/** `null` when the coordinator cancelled the dialog. */
export type OpenFileResult = z.infer<typeof openFileResultSchema>;

export const notifyRequestSchema = z.strictObject({
  title: z.string().min(1).max(200),
  body: z.string().max(2000),
  tag: z.string().min(1).max(200).optional(),
  route: appRouteSchema.optional(),
});
export type NotifyRequest = z.infer<typeof notifyRequestSchema>;

export const openExternalRequestSchema = z.strictObject({ url: z.string().min(1).max(2048) });

/**
 * The sync server's token. Bounded and free of control characters so nothing but a bearer token
 * reaches the key store; `null` clears it.
 */
export const MAX_TOKEN_LENGTH = 4096;
export const tokenValueSchema = z
  .string()
  .trim()
  .min(1)
  .max(MAX_TOKEN_LENGTH)
  .regex(/^[\x21-\x7e]+$/, 'must be printable ASCII without spaces');
export const tokenSetRequestSchema = z.strictObject({ token: z.union([tokenValueSchema, z.null()]) });
export type TokenSetRequest = z.infer<typeof tokenSetRequestSchema>;

/**
 * Where the main process keeps the token, for the settings page. `protected`: encrypted with the
 * OS key store (safeStorage). `memory-only`: this computer offers no real key store, so the token
 * is never written to disk and lives until the app quits. `description` is the sentence to show.
 */
export const tokenWhereSchema = z.strictObject({
  kind: z.enum(['protected', 'memory-only']),
  description: z.string().min(1).max(500),
});
export type TokenWhere = z.infer<typeof tokenWhereSchema>;

/**
 * The engine's HTTP requests, sent by the main process (`net.fetch`): no CORS preflight, and an
 * abort really closes the connection (see electron/main/http-relay.ts). Only the headers the
 * sync client sends go out and only those it reads come back; names are lower case.
 */
export const RELAYED_REQUEST_HEADERS = [
  'accept',
  'authorization',
  'content-type',
  'idempotency-key',
] as const;
export const RELAYED_RESPONSE_HEADERS = ['content-type', 'retry-after', 'idempotent-replayed'] as const;
/** A batch of the contract's largest size is a few MB of JSON; anything far larger is not ours. */
export const MAX_HTTP_BODY_CHARS = 32 * 1024 * 1024;
/** The main process ends any request after this long, whatever the engine asked. */
export const MAX_HTTP_TIMEOUT_MS = 120_000;

const httpRequestIdSchema = z.string().regex(/^[A-Za-z0-9-]{1,64}$/, 'must be a short request id');

export const httpRequestSchema = z.strictObject({
  id: httpRequestIdSchema,
  url: z.string().min(1).max(8192),
  method: z.enum(['GET', 'POST', 'PUT', 'DELETE']),
  headers: z.partialRecord(z.enum(RELAYED_REQUEST_HEADERS), z.string().max(8192)),
  body: z.string().max(MAX_HTTP_BODY_CHARS).optional(),
  timeoutMs: z.number().int().min(1).max(MAX_HTTP_TIMEOUT_MS),
});
export type HttpRequest = z.infer<typeof httpRequestSchema>;

export const httpAbortSchema = z.strictObject({ id: httpRequestIdSchema });

/**
 * An answer, or why none came: `TimeoutError` (the main process's own limit), `AbortError` (the
 * engine aborted), `TypeError` (no HTTP answer: refused, reset, DNS, TLS; `code` as Node names it).
 */
export const httpResultSchema = z.union([
  z.strictObject({
    ok: z.literal(true),
    status: z.number().int().min(200).max(599),
    statusText: z.string().max(512),
    headers: z.partialRecord(z.enum(RELAYED_RESPONSE_HEADERS), z.string().max(8192)),
    body: z.string().max(MAX_HTTP_BODY_CHARS),
  }),
  z.strictObject({
    ok: z.literal(false),
    failure: z.strictObject({
      name: z.enum(['TimeoutError', 'AbortError', 'TypeError']),
      message: z.string().max(2000),
      code: z.string().max(64).optional(),
    }),
  }),
]);
export type HttpResult = z.infer<typeof httpResultSchema>;

/** The sync server the engine may reach (its address as saved in Sync settings), or none. */
export const syncServerSetSchema = z.strictObject({
  url: z.union([z.string().min(1).max(2048), z.null()]),
});

/**
 * Start at login: whether this computer can do it, whether it is on, and whether the coordinator
 * chose (until they do it follows the default: on once the first reminder is set up).
 */
export const loginItemStateSchema = z.strictObject({
  supported: z.boolean(),
  enabled: z.boolean(),
  chosen: z.boolean(),
});
export type LoginItemState = z.infer<typeof loginItemStateSchema>;
export const loginItemSetSchema = z.strictObject({ enabled: z.boolean() });

/** Requests that take no payload accept nothing but `undefined`. */
export const noPayloadSchema = z.undefined();

export const INVOKE_PAYLOAD = {
  [INVOKE.openFile]: openFileRequestSchema,
  [INVOKE.notify]: notifyRequestSchema,
  [INVOKE.getOnline]: noPayloadSchema,
  [INVOKE.getVersion]: noPayloadSchema,
  [INVOKE.openExternal]: openExternalRequestSchema,
  [INVOKE.tokenGet]: noPayloadSchema,
  [INVOKE.tokenSet]: tokenSetRequestSchema,
  [INVOKE.tokenWhere]: noPayloadSchema,
  [INVOKE.httpSend]: httpRequestSchema,
  [INVOKE.httpAbort]: httpAbortSchema,
  [INVOKE.syncServerSet]: syncServerSetSchema,
  [INVOKE.loginItemGet]: noPayloadSchema,
  [INVOKE.loginItemSet]: loginItemSetSchema,
  [INVOKE.remindersSetUp]: noPayloadSchema,
  [INVOKE.openedFileTake]: noPayloadSchema,
} as const satisfies Record<InvokeChannel, z.ZodType>;

export const tickReasonSchema = z.enum(['interval', 'resume', 'startup', 'manual']);
export type TickReasonPayload = z.infer<typeof tickReasonSchema>;

export const EVENT_PAYLOAD = {
  [EVENTS.onlineChanged]: z.boolean(),
  [EVENTS.tick]: tickReasonSchema,
  [EVENTS.navigate]: appRouteSchema,
  // no payload: the UI takes the file with `openedFile.take()` (also at start, for a file it missed)
  [EVENTS.openedFile]: z.undefined(),
} as const satisfies Record<EventChannel, z.ZodType>;

/** The API the preload exposes as `window.roHost`: named methods only, no Electron objects. */
export interface RoHostApi {
  /** `'electron'`, so shared renderer code can tell which host it runs in */
  readonly kind: 'electron';
  /** Shows the OS open dialog; resolves to the chosen file's name and bytes, or null if cancelled. */
  openFile(request?: OpenFileRequest): Promise<OpenFileResult>;
  /** Raises an OS notification (engine window only); a click opens `route` in the UI window. */
  notify(notification: NotifyRequest): Promise<void>;
  /** Online state as the main process sees it (Electron `net.isOnline()`). */
  getOnline(): Promise<boolean>;
  /** Returns an unsubscribe function. */
  onOnlineChange(listener: (online: boolean) => void): () => void;
  /** Schedule ticks from the main process (every minute, on resume and unlock). */
  onTick(listener: (reason: TickReasonPayload) => void): () => void;
  /** A notification click asks the UI to show this route. */
  onNavigate(listener: (route: string) => void): () => void;
  getVersion(): Promise<string>;
  /** Opens a vetted https link in the default browser; rejects any other URL. */
  openExternal(url: string): Promise<void>;
  /** The sync token, kept by the main process with Electron safeStorage (see `TokenWhere`). */
  readonly token: RoHostTokenApi;
  /** HTTP through the main process (engine window only), for the sync client's `fetch`. */
  readonly http: RoHostHttpApi;
  /** Tells the main process which server the engine may sync with (UI window only); null: none. */
  setSyncServer(url: string | null): Promise<void>;
  /** Start at login (UI window), and the engine's word that the first reminder is set up. */
  readonly startAtLogin: RoHostLoginItemApi;
  /** Files the OS asked the app to open (open-with, a drop on the icon, a second launch). */
  readonly openedFile: RoHostOpenedFileApi;
}

export interface RoHostLoginItemApi {
  get(): Promise<LoginItemState>;
  set(enabled: boolean): Promise<LoginItemState>;
  /** turns start at login on unless the coordinator chose otherwise (engine window only) */
  remindersSetUp(): Promise<LoginItemState>;
}

export interface RoHostOpenedFileApi {
  /** the next file waiting for the import wizard, read by the main process, or null */
  take(): Promise<OpenFileResult>;
  /** a file is waiting; returns an unsubscribe function */
  onWaiting(listener: () => void): () => void;
}

export interface RoHostHttpApi {
  send(request: HttpRequest): Promise<HttpResult>;
  /** ends the request of that id, if it is still running */
  abort(id: string): Promise<void>;
}

export interface RoHostTokenApi {
  /** the stored token, or null when none is set (or it can no longer be decrypted) */
  get(): Promise<string | null>;
  /** stores (or with null clears) the token; answers where it now is */
  set(token: string | null): Promise<TokenWhere>;
  where(): Promise<TokenWhere>;
}

/** Name under which the preload exposes the API in the renderer's main world. */
export const HOST_API_KEY = 'roHost';
