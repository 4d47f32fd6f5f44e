/**
 * Runs a benchmark inside headless Chromium, where IndexedDB is the real one the app uses:
 * bundles `entryFile` (TypeScript importing from src/, which calls `defineBench` from
 * ./benchPage) with Vite into a temporary folder, serves it on 127.0.0.1, opens it with the
 * system Chromium through playwright-core, and returns what `window.__bench(args)` resolves to.
 *
 *   const figures = await runInChromium(new URL('./my.page.ts', import.meta.url), { args: { rows: 1000 } });
 *
 * A persistent profile in the temporary folder (not an incognito context) gives IndexedDB a
 * disk-backed store with a quota large enough for millions of rows; the folder is removed after.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { bundlePage, servePage, type ServedPage } from '../../support/pageBundle';
import type { BenchFigures } from './benchPage';

export interface ChromiumBenchOptions {
  /** handed to the page's bench function (must survive structured cloning) */
  args?: unknown;
  /** how long the bench function may run (default 10 minutes) */
  timeoutMs?: number;
  /** default `/usr/bin/chromium`, or `CHROMIUM_PATH` */
  executablePath?: string;
  /** receives the page's console lines (default: printed when they start with `[bench]`, errors always) */
  onConsole?: (line: string, type: string) => void;
}

export const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

function defaultConsole(line: string, type: string): void {
  if (type === 'error' || line.startsWith('[bench]')) console.log(`  ${line}`);
}

function isFigures(value: unknown): value is BenchFigures {
  return (
    typeof value === 'object' &&
    value !== null &&
    Object.values(value).every((figure) => typeof figure === 'number' && Number.isFinite(figure))
  );
}

export async function runInChromium(
  entryFile: string | URL,
  options: ChromiumBenchOptions = {},
): Promise<BenchFigures> {
  const entry = entryFile instanceof URL ? fileURLToPath(entryFile) : path.resolve(entryFile);
  const workDir = await mkdtemp(path.join(tmpdir(), 'chromium-bench-'));
  const outDir = path.join(workDir, 'dist');
  const onConsole = options.onConsole ?? defaultConsole;
  let served: ServedPage | undefined;
  let context: Awaited<ReturnType<typeof chromium.launchPersistentContext>> | undefined;
  try {
    await bundlePage(entry, outDir);
    served = await servePage(outDir);
    context = await chromium.launchPersistentContext(path.join(workDir, 'profile'), {
      executablePath: options.executablePath ?? process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium',
      headless: true,
      args: CHROMIUM_FLAGS,
    });
    const page = context.pages()[0] ?? (await context.newPage());
    const timeout = options.timeoutMs ?? 600_000;
    page.setDefaultTimeout(timeout);
    page.on('console', (message) => onConsole(message.text(), message.type()));
    const pageErrors: Error[] = [];
    page.on('pageerror', (error) => pageErrors.push(error));

    await page.goto(served.url);
    await page
      .waitForFunction(() => typeof window.__bench === 'function', undefined, { timeout: 30_000 })
      .catch(() => {
        throw new Error(
          `${path.basename(entry)} never called defineBench()` +
            (pageErrors.length > 0 ? `: ${pageErrors.map((error) => error.message).join('; ')}` : ''),
        );
      });
    const figures: unknown = await page.evaluate(async (args) => {
      const bench = window.__bench;
      if (!bench) throw new Error('window.__bench is gone');
      return bench(args);
    }, options.args ?? null);
    if (!isFigures(figures))
      throw new Error(`${path.basename(entry)} returned ${JSON.stringify(figures)}, not named numbers`);
    return figures;
  } finally {
    await context?.close().catch(() => undefined);
    await served?.close();
    await rm(workDir, { recursive: true, force: true });
  }
}
