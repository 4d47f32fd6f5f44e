/**
 * The page side of the Chromium bench harness. A bench entry (bundled by `runInChromium`)
 * calls `defineBench` once with its function; the harness calls it with the options' `args`
 * and takes the figures it resolves to.
 */

export type BenchFigures = Record<string, number>;
export type BenchFunction = (args: unknown) => Promise<BenchFigures>;

declare global {
  interface Window {
    __bench?: BenchFunction;
  }
}

export function defineBench(bench: BenchFunction): void {
  window.__bench = bench;
}

/** A line for the terminal running the bench (the harness forwards the page console). */
export function benchLog(message: string): void {
  console.log(`[bench] ${message}`);
}
