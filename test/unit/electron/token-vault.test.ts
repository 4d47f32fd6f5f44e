import { mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TOKEN_FILE_NAME, TokenVault, type SafeStorageLike } from '../../../electron/main/token-vault';

/**
 * The desktop's sync token keeper against a fake safeStorage (Electron cannot run here) and a
 * real folder: what lands on disk, what comes back, and what the settings page is told.
 */

const TOKEN = 'coord-119-token-5f2a9c';

/** A stand-in for safeStorage: a reversible scramble with a header, and the switches to test. */
class FakeSafeStorage implements SafeStorageLike {
  available = true;
  backend = 'gnome_libsecret';
  encryptString(plainText: string): Buffer {
    if (!this.available) throw new Error('Encryption is not available.');
    return Buffer.concat([Buffer.from('v10'), Buffer.from(plainText, 'utf8').map((b) => b ^ 0x5a)]);
  }
  decryptString(encrypted: Buffer): string {
    if (encrypted.subarray(0, 3).toString() !== 'v10')
      throw new Error('Error while decrypting the ciphertext');
    return Buffer.from(encrypted.subarray(3).map((b) => b ^ 0x5a)).toString('utf8');
  }
  isEncryptionAvailable(): boolean {
    return this.available;
  }
  getSelectedStorageBackend(): string {
    return this.backend;
  }
}

let dir: string;
let safeStorage: FakeSafeStorage;
let warnings: string[];
const vault = (platform: NodeJS.Platform = 'linux') =>
  new TokenVault({ safeStorage, directory: () => dir, platform, warn: (m) => warnings.push(m) });
const file = () => path.join(dir, TOKEN_FILE_NAME);

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'ro-token-'));
  safeStorage = new FakeSafeStorage();
  warnings = [];
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('TokenVault with a working key store', () => {
  it('stores the token encrypted in one file and a new process reads it back', async () => {
    const where = await vault().set(TOKEN);
    expect(where).toEqual({
      kind: 'protected',
      description:
        'Kept encrypted on this computer with a key held by the system key store (gnome_libsecret).',
    });
    const onDisk = await readFile(file());
    expect(onDisk.toString('latin1')).not.toContain(TOKEN);
    expect(await readdir(dir)).toEqual([TOKEN_FILE_NAME]); // no temporary file left behind
    if (process.platform !== 'win32') expect((await stat(file())).mode & 0o777).toBe(0o600);
    // as after a restart: nothing cached, decrypted from the file
    await expect(vault().get()).resolves.toBe(TOKEN);
  });

  it('replaces the token atomically and deletes the file when cleared', async () => {
    const keeper = vault();
    await keeper.set(TOKEN);
    await keeper.set('coord-119-rotated');
    await expect(vault().get()).resolves.toBe('coord-119-rotated');
    await keeper.set(null);
    await expect(readdir(dir)).resolves.toEqual([]);
    await expect(keeper.get()).resolves.toBeNull();
    await expect(vault().get()).resolves.toBeNull();
  });

  it('keeps writes in call order: a clear right after a set leaves nothing', async () => {
    const keeper = vault();
    await Promise.all([keeper.set(TOKEN), keeper.set(null)]);
    await expect(readdir(dir)).resolves.toEqual([]);
    await expect(vault().get()).resolves.toBeNull();
  });

  it('answers no token, with a warning but without the token, when the file cannot be decrypted', async () => {
    await writeFile(file(), Buffer.from('written under another account'));
    await expect(vault().get()).resolves.toBeNull();
    expect(warnings.join('\n')).toMatch(/could not be decrypted/);
  });

  it('names the OS key store on macOS and Windows', () => {
    expect(vault('darwin').where().description).toContain('the macOS Keychain');
    expect(vault('win32').where().description).toContain('Windows (DPAPI)');
  });
});

describe('TokenVault without a real key store', () => {
  it('says so when encryption is unavailable and never writes the token to disk', async () => {
    safeStorage.available = false;
    const keeper = vault('win32');
    const where = await keeper.set(TOKEN);
    expect(where.kind).toBe('memory-only');
    expect(where.description).toMatch(/^Not saved on this computer: this computer offers no key store/);
    expect(where.description).toMatch(/enter it again after a restart/);
    await expect(readdir(dir)).resolves.toEqual([]);
    // this session still syncs; a restart (a new vault) has no token
    await expect(keeper.get()).resolves.toBe(TOKEN);
    await expect(vault('win32').get()).resolves.toBeNull();
  });

  it("treats Linux's basic_text backend (a hard-coded key) as no protection", async () => {
    safeStorage.backend = 'basic_text';
    const keeper = vault('linux');
    expect(keeper.where()).toEqual({
      kind: 'memory-only',
      description: expect.stringContaining('built-in key (basic_text)'),
    });
    await keeper.set(TOKEN);
    await expect(readdir(dir)).resolves.toEqual([]);
    // basic_text on another platform name is not a thing; only Linux reports backends
    expect(vault('darwin').where().kind).toBe('protected');
  });

  it('removes a file stored while a key store still worked, once it no longer does', async () => {
    await vault().set(TOKEN);
    safeStorage.backend = 'basic_text';
    const keeper = vault();
    await expect(keeper.get()).resolves.toBeNull();
    await keeper.set('coord-119-rotated');
    await expect(readdir(dir)).resolves.toEqual([]);
  });
});
