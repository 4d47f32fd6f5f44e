import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Where the Electron runtime is, without `require('electron')`: that module downloads the
 * binary when it is missing, which must never happen from a test.
 */
export interface ElectronRuntime {
  executablePath?: string;
  /** why the smoke test cannot run here, if it cannot */
  skipReason?: string;
}

export function findElectronRuntime(repoRoot: string, env: NodeJS.ProcessEnv = process.env): ElectronRuntime {
  const packageDir = path.join(repoRoot, 'node_modules', 'electron');
  const distDir = env['ELECTRON_OVERRIDE_DIST_PATH'] ?? path.join(packageDir, 'dist');
  const pathFile = path.join(packageDir, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : undefined;
  const executablePath = relative ? path.join(distDir, relative) : undefined;
  if (!executablePath || !existsSync(executablePath)) {
    return {
      skipReason:
        `the Electron runtime is not installed (no binary at ${path.relative(repoRoot, distDir) || distDir}; ` +
        'it is downloaded from outside the npm registry, which this machine cannot reach). ' +
        'Where it can be fetched, run `npx install-electron` and then this test again.',
    };
  }
  if (process.platform === 'linux' && !env['DISPLAY'] && !env['WAYLAND_DISPLAY']) {
    return {
      executablePath,
      skipReason: 'no display to open windows on (DISPLAY is unset); run it under `xvfb-run -a`.',
    };
  }
  return { executablePath };
}
