import { defineConfig, mergeConfig } from 'electron-vite';
import { rendererConfig } from './vite.renderer.config';

/**
 * `npm run build` (electron-vite build): main -> out/main, preload -> out/preload,
 * renderer (UI + hidden engine window) -> out/renderer. The renderer part is the same config
 * the browser build uses (vite.renderer.config.ts).
 */
export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      rolldownOptions: { input: { index: 'electron/main/index.ts' } },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      // A sandboxed preload cannot load ES modules: one self-contained CommonJS file.
      externalizeDeps: false,
      rolldownOptions: {
        input: { index: 'electron/preload/index.ts' },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: mergeConfig(rendererConfig(['index', 'engine']), {
    build: { outDir: 'out/renderer', target: 'chrome140' },
  }),
});
