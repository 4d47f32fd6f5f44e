import { promises as fs, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

/**
 * What only the main process needs to know across restarts, in one small JSON file under
 * `userData`: the origin of the sync server the engine may reach (set from the UI window, so
 * the engine window cannot choose where the token goes) and the coordinator's start-at-login
 * choice. Read once at start; every change is written atomically (temporary file, rename).
 */

export const DESKTOP_SETTINGS_FILE = 'desktop-settings.json';

const DesktopSettings = z.object({
  /** `https://host:port`, or absent: no server configured */
  sync_server_origin: z.string().optional(),
  /** absent until the coordinator or the reminders default decided */
  start_at_login: z.object({ enabled: z.boolean(), chosen: z.boolean() }).optional(),
});
export type DesktopSettings = z.infer<typeof DesktopSettings>;

/** The origin of an http(s) address, or undefined for anything else. */
export function serverOrigin(url: string): string | undefined {
  try {
    const parsed = new URL(url.trim());
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.origin : undefined;
  } catch {
    return undefined;
  }
}

export class DesktopSettingsFile {
  private current: DesktopSettings = {};
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly directory: () => string,
    private readonly warn: (message: string) => void = (message) => console.warn(`[settings] ${message}`),
  ) {}

  private file(): string {
    return path.join(this.directory(), DESKTOP_SETTINGS_FILE);
  }

  /**
   * Reads the file (synchronously: a few bytes, once, before the windows exist); a missing or
   * unreadable one is an empty set of settings.
   */
  load(): DesktopSettings {
    try {
      const parsed = DesktopSettings.safeParse(JSON.parse(readFileSync(this.file(), 'utf8')));
      if (parsed.success) this.current = parsed.data;
      else this.warn(`${DESKTOP_SETTINGS_FILE} is not in the expected shape; starting from defaults`);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT')
        this.warn(`${DESKTOP_SETTINGS_FILE} unreadable`);
    }
    return this.current;
  }

  get(): DesktopSettings {
    return this.current;
  }

  /** Applies `change` now (so `get()` sees it at once) and writes the file, one write at a time. */
  update(change: Partial<DesktopSettings>): Promise<void> {
    this.current = { ...this.current, ...change };
    const snapshot = JSON.stringify(this.current);
    const write = async (): Promise<void> => {
      const file = this.file();
      await fs.mkdir(path.dirname(file), { recursive: true });
      const temporary = `${file}.${process.pid}.tmp`;
      await fs.writeFile(temporary, snapshot, { mode: 0o600 });
      await fs.rename(temporary, file);
    };
    const next = this.queue.then(write, write);
    this.queue = next.catch(() => undefined);
    return next;
  }
}
