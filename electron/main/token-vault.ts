import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { TokenWhere } from '../shared/ipc';

/**
 * The sync token on the desktop: encrypted with Electron `safeStorage` (the OS key store: DPAPI
 * on Windows, the Keychain on macOS, libsecret or KWallet on Linux) into one file under
 * `userData`, written atomically, decrypted on read, deleted on clear.
 *
 * Without a real key store (`isEncryptionAvailable()` false, or on Linux the `basic_text`
 * backend, whose key is hard-coded in Chromium so the "encryption" protects nothing) the token
 * is never written to disk: it is kept in this process's memory until the app quits, and
 * `where()` says so in plain words. A coordinator then re-enters the token after a restart
 * rather than leaving a bearer token readable by anyone who copies the profile folder; the
 * settings page shows the sentence so the choice is never silent.
 */

/** The part of Electron's `safeStorage` used here (structural, so tests pass a fake). */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
  /** Linux only */
  getSelectedStorageBackend?(): string;
}

export interface TokenVaultOptions {
  safeStorage: SafeStorageLike;
  /** the folder of the encrypted file (`app.getPath('userData')`), asked when first needed */
  directory: () => string;
  platform?: NodeJS.Platform;
  /** where failures to read the file are reported (never the token itself) */
  warn?: (message: string) => void;
}

export const TOKEN_FILE_NAME = 'sync-token.enc';

/** Backends that do not protect the secret (Chromium's Linux fallback with a fixed key). */
const UNPROTECTED_BACKENDS: ReadonlySet<string> = new Set(['basic_text']);

export class TokenVault {
  private readonly platform: NodeJS.Platform;
  private readonly warn: (message: string) => void;
  /** the decrypted token once read or set; the only copy in memory-only mode */
  private cached: string | null | undefined;
  /** writes one after another, so a clear never races an earlier set's rename */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: TokenVaultOptions) {
    this.platform = options.platform ?? process.platform;
    this.warn = options.warn ?? ((message) => console.warn(`[token] ${message}`));
  }

  private file(): string {
    return path.join(this.options.directory(), TOKEN_FILE_NAME);
  }

  /** Why the OS key store cannot be used, or undefined when it can. */
  private unprotectedReason(): string | undefined {
    const { safeStorage } = this.options;
    if (!safeStorage.isEncryptionAvailable()) return 'this computer offers no key store to encrypt it';
    if (this.platform === 'linux') {
      const backend = safeStorage.getSelectedStorageBackend?.();
      if (backend !== undefined && UNPROTECTED_BACKENDS.has(backend)) {
        return `no secret service (GNOME Keyring, KWallet) is running, so Electron would only use a built-in key (${backend})`;
      }
    }
    return undefined;
  }

  where(): TokenWhere {
    const reason = this.unprotectedReason();
    if (reason === undefined) {
      const backend =
        this.platform === 'linux' ? this.options.safeStorage.getSelectedStorageBackend?.() : undefined;
      const store =
        this.platform === 'darwin'
          ? 'the macOS Keychain'
          : this.platform === 'win32'
            ? 'Windows (DPAPI)'
            : `the system key store${backend ? ` (${backend})` : ''}`;
      return {
        kind: 'protected',
        description: `Kept encrypted on this computer with a key held by ${store}.`,
      };
    }
    return {
      kind: 'memory-only',
      description: `Not saved on this computer: ${reason}. The token is kept in memory until the app quits; enter it again after a restart.`,
    };
  }

  async get(): Promise<string | null> {
    if (this.cached !== undefined) return this.cached;
    await this.queue;
    if (this.unprotectedReason() !== undefined) return (this.cached = null);
    let encrypted: Buffer;
    try {
      encrypted = await fs.readFile(this.file());
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
        this.warn(`the token file could not be read: ${(error as Error).message}`);
      }
      return (this.cached = null);
    }
    try {
      return (this.cached = this.options.safeStorage.decryptString(encrypted));
    } catch (error) {
      // another OS user's or a reset key store's file: unusable, so sync asks for a new token
      this.warn(`the token file could not be decrypted: ${(error as Error).message}`);
      return (this.cached = null);
    }
  }

  /** Stores (or with null clears) the token; answers where it now is. */
  set(token: string | null): Promise<TokenWhere> {
    const run = this.queue.then(() => this.write(token));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async write(token: string | null): Promise<TokenWhere> {
    const file = this.file();
    if (token === null || this.unprotectedReason() !== undefined) {
      // memory-only (or cleared): no copy may stay on disk, not even an older protected one
      await fs.rm(file, { force: true });
      this.cached = token;
      return this.where();
    }
    const encrypted = this.options.safeStorage.encryptString(token);
    await fs.mkdir(path.dirname(file), { recursive: true });
    // atomic: a crash leaves the old file or the new one, never half of one
    const temporary = `${file}.${process.pid}.${Date.now()}.tmp`;
    try {
      const handle = await fs.open(temporary, 'w', 0o600);
      try {
        await handle.writeFile(encrypted);
        await handle.sync();
      } finally {
        await handle.close();
      }
      await fs.rename(temporary, file);
    } catch (error) {
      await fs.rm(temporary, { force: true });
      throw error;
    }
    this.cached = token;
    return this.where();
  }
}
