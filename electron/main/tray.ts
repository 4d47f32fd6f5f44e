import { Menu, Tray, nativeImage } from 'electron';

/** 32x32 PNG, embedded so the tray works without any file next to the bundle. */
const TRAY_ICON_PNG_BASE64 =
  'iVBORw0KGgoAAAANSUhEUgAAACAAAAAgCAYAAABzenr0AAAA5klEQVR42s2XsQ3EIAxFU2QFarrbhV2QmIClMgMDuMoMbEEUyUicpeOIQ2Ij/SYK/AfYYBYbYJEUp5OxAZwN4G2AiPL4zTwFsKJJsgHKHyX8d50FcA6WB4ypMvZlA5zLuTGMqbbe1vwy/9gA+wTzqh3HHAIwk81bCDMCMLTstF3Yji6AH50RE6DQwKSpll8AyG2KsmZ/E+BrFVqA9CJAogDmalTfBCg1IyqAEwBwLYAfMeG2XhxUgCgAEFUBiG+BeBCKp6H4QaTiKBa/jMSvYxUFiYqSTLwoVVGWq3iYqHmaqXicPqYDLSHZiTAnY1cAAAAASUVORK5CYII=';

export interface TrayActions {
  open(): void;
  /** files dropped on the tray icon (macOS), for the import wizard */
  openFiles(paths: string[]): void;
  /** look for due work now (expiry run, sync) instead of waiting for the next tick */
  checkNow(): void;
  quit(): void;
}

/** The tray keeps the app reachable while the UI window is hidden and the engine runs. */
export function createTray(actions: TrayActions): Tray {
  const icon = nativeImage.createFromBuffer(Buffer.from(TRAY_ICON_PNG_BASE64, 'base64'));
  const tray = new Tray(icon.isEmpty() ? icon : icon.resize({ width: 16, height: 16 }));
  tray.setToolTip('Registration Orchestrator');
  tray.setContextMenu(
    Menu.buildFromTemplate([
      { label: 'Open Registration Orchestrator', click: () => actions.open() },
      { label: 'Check for due work now', click: () => actions.checkNow() },
      { type: 'separator' },
      { label: 'Quit', click: () => actions.quit() },
    ]),
  );
  tray.on('click', () => actions.open());
  tray.on('drop-files', (_event, paths) => actions.openFiles(paths));
  return tray;
}
