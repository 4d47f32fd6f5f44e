import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OpenedFiles, checkOpenedPath, fileCandidates } from '../../../electron/main/opened-files';

/** The check on every path the OS or a command line hands the app before the import wizard gets it. */

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'ro-opened-'));
  for (const name of ['a.xlsx', 'b.XLS', 'c.ods', 'd.csv', 'e.txt', 'f.xlsx.exe']) {
    writeFileSync(path.join(dir, name), 'x');
  }
  mkdirSync(path.join(dir, 'folder.csv'));
  symlinkSync('/etc/hostname', path.join(dir, 'link.csv'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('checkOpenedPath', () => {
  it('accepts an absolute path to an existing regular file with one of the four extensions', async () => {
    for (const name of ['a.xlsx', 'b.XLS', 'c.ods', 'd.csv']) {
      expect(await checkOpenedPath(path.join(dir, name)), name).toBe(path.join(dir, name));
    }
    expect(await checkOpenedPath(`${dir}/sub/../a.xlsx`)).toBe(path.join(dir, 'a.xlsx'));
  });

  it('refuses everything else', async () => {
    const refused = [
      path.relative(process.cwd(), path.join(dir, 'a.xlsx')), // relative, though it exists from here
      path.join(dir, 'e.txt'),
      path.join(dir, 'f.xlsx.exe'),
      path.join(dir, 'missing.csv'),
      path.join(dir, 'folder.csv'),
      path.join(dir, 'link.csv'),
      `${path.join(dir, 'a.xlsx')}\0.csv`,
      'https://evil.example/a.csv',
      '',
    ];
    for (const candidate of refused) expect(await checkOpenedPath(candidate), candidate).toBeUndefined();
  });
});

describe('fileCandidates and OpenedFiles', () => {
  it('takes no switch as a file, skips the executable, and reads files one by one', async () => {
    const argv = [
      '/opt/ro/ro',
      '--hidden',
      '--inspect=9229',
      path.join(dir, 'd.csv'),
      path.join(dir, 'e.txt'),
    ];
    expect(fileCandidates(argv)).toEqual([path.join(dir, 'd.csv'), path.join(dir, 'e.txt')]);
    const files = new OpenedFiles();
    expect(await files.add([...fileCandidates(argv), path.join(dir, 'd.csv')])).toBe(1);
    expect(await files.take()).toMatchObject({ name: 'd.csv' });
    expect(await files.take()).toBeNull();
  });
});
