import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { LoginItemState } from '../shared/ipc';
import type { DesktopSettingsFile } from './desktop-settings';

/**
 * Start at login, so the engine's daily certification check runs on a day the coordinator never
 * opens the window: the app starts hidden in the tray (`--hidden`, or macOS's "opened at
 * login"). Off until the coordinator turns it on or the first reminder is set up, which turns
 * it on unless they chose otherwise. macOS and Windows register it with
 * `app.setLoginItemSettings`; Electron does not do that on Linux, where the XDG autostart entry
 * (`~/.config/autostart/*.desktop`) is the standard and is written here.
 */

export const HIDDEN_FLAG = '--hidden';

export interface LoginItemSettingsLike {
  openAtLogin: boolean;
  wasOpenedAtLogin?: boolean;
  wasOpenedAsHidden?: boolean;
}

/** The parts of Electron's `app` and the environment start at login needs. */
export interface LoginItemHost {
  platform: NodeJS.Platform;
  /** only an installed app registers itself: in development it would register bare Electron */
  isPackaged(): boolean;
  setLoginItemSettings(settings: { openAtLogin: boolean; openAsHidden?: boolean; args?: string[] }): void;
  getLoginItemSettings(options?: { args?: string[] }): LoginItemSettingsLike;
  /** what the autostart entry runs: the AppImage when there is one, else the executable */
  executable(): string;
  /** `$XDG_CONFIG_HOME` or `~/.config` */
  configHome(): string;
}

export const AUTOSTART_FILE = 'org.registration-orchestrator.desktop.desktop';

export class StartAtLogin {
  constructor(
    private readonly settings: DesktopSettingsFile,
    private readonly host: LoginItemHost,
  ) {}

  state(): LoginItemState {
    const stored = this.settings.get().start_at_login;
    return {
      supported: this.host.isPackaged(),
      enabled: stored?.enabled ?? false,
      chosen: stored?.chosen ?? false,
    };
  }

  /** The coordinator's choice. */
  async set(enabled: boolean): Promise<LoginItemState> {
    await this.apply(enabled);
    await this.settings.update({ start_at_login: { enabled, chosen: true } });
    return this.state();
  }

  /** The first reminder is set up: on by default, unless the coordinator already chose. */
  async remindersSetUp(): Promise<LoginItemState> {
    if (this.settings.get().start_at_login === undefined) {
      await this.apply(true);
      await this.settings.update({ start_at_login: { enabled: true, chosen: false } });
    }
    return this.state();
  }

  /** Whether this launch is the one at login, which keeps the window closed. */
  launchedAtLogin(argv: readonly string[]): boolean {
    if (argv.includes(HIDDEN_FLAG)) return true;
    if (this.host.platform !== 'darwin') return false;
    const settings = this.host.getLoginItemSettings();
    return settings.wasOpenedAtLogin === true || settings.wasOpenedAsHidden === true;
  }

  private async apply(enabled: boolean): Promise<void> {
    if (!this.host.isPackaged()) return;
    if (this.host.platform === 'linux') {
      await this.writeAutostart(enabled);
    } else if (this.host.platform === 'darwin') {
      this.host.setLoginItemSettings({ openAtLogin: enabled, openAsHidden: true });
    } else {
      this.host.setLoginItemSettings({ openAtLogin: enabled, args: [HIDDEN_FLAG] });
    }
  }

  private async writeAutostart(enabled: boolean): Promise<void> {
    const file = path.join(this.host.configHome(), 'autostart', AUTOSTART_FILE);
    if (!enabled) {
      await fs.rm(file, { force: true });
      return;
    }
    await fs.mkdir(path.dirname(file), { recursive: true });
    const exec = this.host.executable().replace(/(["`$\\])/g, '\\$1');
    await fs.writeFile(
      file,
      [
        '[Desktop Entry]',
        'Type=Application',
        'Name=Registration Orchestrator',
        'Comment=Checks certification expiries daily, hidden in the tray',
        `Exec="${exec}" ${HIDDEN_FLAG}`,
        'X-GNOME-Autostart-enabled=true',
        '',
      ].join('\n'),
    );
  }
}
