import { z } from 'zod';
import type { AppDatabase } from '../db';

/**
 * Where the server is and how to prove who we are. The URL lives in `settings`; the token sits
 * behind `TokenStore` because the desktop keeps it with Electron safeStorage while the browser
 * build can only keep it in IndexedDB (the settings page says so).
 */

export const SERVER_SETTINGS_KEY = 'sync.server';
export const TOKEN_SETTINGS_KEY = 'sync.token';

export const ServerUrl = z
  .string()
  .trim()
  .min(1, 'Enter the server address')
  .refine((value) => {
    try {
      const url = new URL(value);
      return url.protocol === 'http:' || url.protocol === 'https:';
    } catch {
      return false;
    }
  }, 'The server address must start with http:// or https://');

/**
 * A bearer token: printable ASCII without spaces (what an HTTP Authorization header carries), so
 * a pasted line break or a stray word is named here rather than failing every request. The
 * desktop's key store bridge (electron/shared/ipc.ts) applies the same bounds.
 */
export const MAX_API_TOKEN_LENGTH = 4096;
export const ApiToken = z
  .string()
  .trim()
  .min(1, 'Enter the token')
  .max(MAX_API_TOKEN_LENGTH, `A token has at most ${MAX_API_TOKEN_LENGTH} characters`)
  .regex(/^[\x21-\x7e]+$/, 'A token has no spaces and only plain letters, digits and symbols');

/** What is stored under `sync.server`. */
export const StoredServerSettings = z.object({ url: ServerUrl });
export type StoredServerSettings = z.infer<typeof StoredServerSettings>;

/** What the settings page edits and the syncer needs. */
export const ServerSettings = z.object({ url: ServerUrl, token: ApiToken });
export type ServerSettings = z.infer<typeof ServerSettings>;

/**
 * Where a token store keeps the token, for the settings page: `protected` (encrypted with the
 * OS key store: the desktop's safeStorage), `memory-only` (the desktop found no real key store
 * and keeps it until the app quits), `unencrypted` (the browser build's IndexedDB row).
 * `description` is the sentence the page shows.
 */
export const TokenLocation = z.object({
  kind: z.enum(['protected', 'memory-only', 'unencrypted']),
  description: z.string().min(1),
});
export type TokenLocation = z.infer<typeof TokenLocation>;

export interface TokenStore {
  get(): Promise<string | undefined>;
  /** stores the token, or clears it with undefined */
  set(token: string | undefined): Promise<void>;
  where(): Promise<TokenLocation>;
}

/** The browser build's token store: a row of `settings`, readable by anyone with this profile. */
export class IndexedDbTokenStore implements TokenStore {
  readonly description = 'IndexedDB of this browser profile (not encrypted)';
  constructor(private readonly db: AppDatabase) {}

  async get(): Promise<string | undefined> {
    const row = await this.db.settings.get(TOKEN_SETTINGS_KEY);
    const parsed = ApiToken.safeParse(row?.value);
    return parsed.success ? parsed.data : undefined;
  }

  async set(token: string | undefined): Promise<void> {
    if (token === undefined) await this.db.settings.delete(TOKEN_SETTINGS_KEY);
    else await this.db.settings.put({ key: TOKEN_SETTINGS_KEY, value: ApiToken.parse(token) });
  }

  async where(): Promise<TokenLocation> {
    return {
      kind: 'unencrypted',
      description: `Kept in the ${this.description}: anyone who can open this browser profile can read it.`,
    };
  }
}

/** The server URL and token, or undefined until both are set. */
export async function loadServerSettings(
  db: AppDatabase,
  tokens: TokenStore,
): Promise<ServerSettings | undefined> {
  const row = await db.settings.get(SERVER_SETTINGS_KEY);
  const stored = StoredServerSettings.safeParse(row?.value);
  const token = await tokens.get();
  if (!stored.success || token === undefined) return undefined;
  const settings = ServerSettings.safeParse({ url: stored.data.url, token });
  return settings.success ? settings.data : undefined;
}

/** Validates and stores; throws the zod error (with its field messages) on bad input. */
export async function saveServerSettings(
  db: AppDatabase,
  tokens: TokenStore,
  input: ServerSettings,
): Promise<void> {
  const settings = ServerSettings.parse(input);
  await db.settings.put({
    key: SERVER_SETTINGS_KEY,
    value: { url: settings.url } satisfies StoredServerSettings,
  });
  await tokens.set(settings.token);
}

/**
 * A short fingerprint of a token, so the syncer can tell "the refused token is still the one
 * set" without storing the token in the status row. Not a security measure.
 */
export function tokenFingerprint(token: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < token.length; i++) {
    hash ^= token.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return `${token.length}:${hash.toString(16)}`;
}
