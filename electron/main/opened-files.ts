import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { OpenFileResult } from '../shared/ipc';
import { readChosenFile } from './ipc-handlers';

/**
 * Files the OS hands the app: opened with it (macOS `open-file`, the command line on Windows and
 * Linux), dropped on its dock or tray icon, or given to a second launch (the single-instance
 * lock's `second-instance` arguments). Nothing from the command line is trusted but a path that
 * is absolute, ends in one of the four spreadsheet extensions and names an existing regular
 * file; everything else there (switches, URLs, relative paths, folders) is ignored. The paths
 * wait here until the UI window takes them, so a file given before the window loaded is kept.
 */

export const OPENABLE_EXTENSIONS: ReadonlySet<string> = new Set(['.xlsx', '.xls', '.ods', '.csv']);
/** more at once is not a coordinator opening spreadsheets */
const MAX_WAITING = 10;

/** The path, normalised, when it may be opened; undefined otherwise. */
export async function checkOpenedPath(candidate: string): Promise<string | undefined> {
  if (candidate.length === 0 || candidate.length > 4096 || candidate.includes('\0')) return undefined;
  if (!path.isAbsolute(candidate)) return undefined;
  const normalised = path.normalize(candidate);
  if (!OPENABLE_EXTENSIONS.has(path.extname(normalised).toLowerCase())) return undefined;
  try {
    // lstat: a symbolic link is not followed to whatever it points at
    return (await fs.lstat(normalised)).isFile() ? normalised : undefined;
  } catch {
    return undefined;
  }
}

/** Command-line arguments that could be files: everything after the executable but switches. */
export function fileCandidates(argv: readonly string[]): string[] {
  return argv.slice(1).filter((arg) => !arg.startsWith('-'));
}

export class OpenedFiles {
  private readonly waiting: string[] = [];

  /** Keeps the paths that pass the check; resolves to how many did. */
  async add(candidates: readonly string[]): Promise<number> {
    let added = 0;
    for (const candidate of candidates) {
      const checked = await checkOpenedPath(candidate);
      if (checked === undefined || this.waiting.includes(checked) || this.waiting.length >= MAX_WAITING)
        continue;
      this.waiting.push(checked);
      added += 1;
    }
    return added;
  }

  hasWaiting(): boolean {
    return this.waiting.length > 0;
  }

  /** The next waiting file's name and bytes (checked again, within the size limit), or null. */
  async take(): Promise<OpenFileResult> {
    const next = this.waiting.shift();
    if (next === undefined) return null;
    if ((await checkOpenedPath(next)) === undefined) return this.take();
    return readChosenFile(next);
  }
}
