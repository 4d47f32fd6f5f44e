import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';

/**
 * electron-builder.json, the installers' one configuration: valid against electron-builder's
 * own JSON schema, naming only files that exist, and `npm run dist` saying in one sentence why
 * it cannot build where the Electron runtime cannot be had.
 */

const root = path.resolve(import.meta.dirname, '../../..');
const readJson = (file: string): Record<string, unknown> =>
  JSON.parse(readFileSync(path.join(root, file), 'utf8')) as Record<string, unknown>;
const config = readJson('electron-builder.json');
const schema = readJson('node_modules/app-builder-lib/scheme.json');

// strict: false because the schema uses keywords ajv does not know (it still checks every other)
const check = new Ajv({ allErrors: true, strict: false }).compile(schema);
function validate(candidate: unknown): string[] {
  return check(candidate) ? [] : (check.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
}

type Section = Record<string, unknown>;
const section = (name: string): Section => (config[name] ?? {}) as Section;

/** Every path the configuration names, relative to the project. */
function namedFiles(): string[] {
  const icons = [
    config['icon'],
    section('linux')['icon'],
    section('win')['icon'],
    section('mac')['icon'],
    section('dmg')['icon'],
    section('nsis')['installerIcon'],
    section('nsis')['uninstallerIcon'],
  ];
  return [section('directories')['buildResources'], ...icons].filter(
    (value): value is string => typeof value === 'string',
  );
}

describe('electron-builder.json', () => {
  it("is valid against electron-builder's JSON schema, which refuses a misspelt key", () => {
    expect(validate(config)).toEqual([]);
    expect(validate({ ...config, fileAssociation: [] }).join('\n')).toMatch(/additional/);
  });

  it('builds AppImage and .deb on Linux, NSIS on Windows and .dmg on macOS', () => {
    expect(section('linux')['target']).toEqual(['AppImage', 'deb']);
    expect(section('win')['target']).toEqual(['nsis']);
    expect(section('mac')['target']).toEqual(['dmg']);
  });

  it('names the app and takes its version from package.json (it sets none of its own)', () => {
    expect(config['appId']).toBe('org.registration-orchestrator.desktop');
    expect(config['productName']).toBe('Registration Orchestrator');
    expect(JSON.stringify(config)).not.toMatch(/"(buildVersion|version)"/);
    expect(readJson('package.json')['version']).toMatch(/^\d+\.\d+\.\d+/);
    // the Windows notification identity is the same id
    expect(readFileSync(path.join(root, 'electron/main/index.ts'), 'utf8')).toContain(
      `setAppUserModelId('${String(config['appId'])}')`,
    );
  });

  it('registers .xlsx, .xls, .ods and .csv as files the app opens', () => {
    const associations = config['fileAssociations'] as Array<{ ext: string; mimeType: string }>;
    expect(associations.map((a) => a.ext).sort()).toEqual(['csv', 'ods', 'xls', 'xlsx']);
    for (const association of associations) expect(association.mimeType).toMatch(/^[a-z]+\/[\w.+-]+$/);
  });

  it('names only files that exist, with every icon size each platform needs', () => {
    const missing = namedFiles().filter((file) => !existsSync(path.join(root, file)));
    expect(missing).toEqual([]);
    const linuxIcons = path.join(root, String(section('linux')['icon']));
    expect(statSync(linuxIcons).isDirectory()).toBe(true);
    for (const size of [16, 24, 32, 48, 64, 128, 256, 512, 1024]) {
      expect(existsSync(path.join(linuxIcons, `${size}x${size}.png`)), `${size}x${size}.png`).toBe(true);
    }
    // ICO: 7 images, the largest 256 px (written as 0); ICNS: the magic and the 1024 px element
    const ico = readFileSync(path.join(root, String(section('win')['icon'])));
    expect([ico.readUInt16LE(2), ico.readUInt16LE(4)]).toEqual([1, 7]);
    expect(ico.readUInt8(6 + 16 * 6)).toBe(0);
    const icns = readFileSync(path.join(root, String(section('mac')['icon'])));
    expect(icns.subarray(0, 4).toString('ascii')).toBe('icns');
    expect(icns.readUInt32BE(4)).toBe(icns.length);
    expect(icns.includes(Buffer.from('ic10'))).toBe(true);
  });

  it('packages the built app only', () => {
    expect(config['files']).toEqual(['out/**/*', 'package.json']);
    expect(readJson('package.json')['main']).toBe('out/main/index.js');
  });
});

describe('npm run dist', () => {
  const runtimeInstalled = (() => {
    const dir = path.join(root, 'node_modules', 'electron');
    const pathFile = path.join(dir, 'path.txt');
    return existsSync(pathFile) && existsSync(path.join(dir, 'dist', readFileSync(pathFile, 'utf8').trim()));
  })();
  if (runtimeInstalled)
    console.log('Skipped: the Electron runtime is installed here, so npm run dist builds.');

  it.skipIf(runtimeInstalled)(
    'says in one sentence that the Electron runtime is unavailable and exits non-zero, without a stack trace',
    () => {
      const result = spawnSync(process.execPath, ['scripts/dist.mjs'], {
        cwd: root,
        encoding: 'utf8',
        timeout: 90_000,
      });
      expect(result.status).toBe(1);
      expect(result.stdout.trim()).toBe(
        'The Electron runtime is unavailable on this machine, so no installer can be built here.',
      );
      expect(result.stderr).not.toMatch(/\n\s+at /);
    },
    120_000,
  );
});
