/**
 * `npm run bench`: runs every `test/bench/*.bench.ts` module (each exports
 * `run(): Promise<Record<string, number>>`), merges their figures into
 * `test/bench/results.json` (a flat object of named numbers) and prints them.
 * `npm run bench -- server` runs only modules whose file name contains "server".
 */
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import path from 'node:path';

type BenchModule = { run: () => Promise<Record<string, number>> };

const here = path.dirname(fileURLToPath(import.meta.url));
const resultsFile = path.join(here, 'results.json');
const filter = process.argv[2];

const files = (await readdir(here))
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => !filter || f.includes(filter))
  .sort((a, b) => (a === 'queue.bench.ts' ? -1 : b === 'queue.bench.ts' ? 1 : a.localeCompare(b)));

let results: Record<string, number> = {};
try {
  results = JSON.parse(await readFile(resultsFile, 'utf8')) as Record<string, number>;
} catch {
  // first run: no results yet
}

for (const file of files) {
  console.log(`\n# ${file}`);
  const mod = (await import(pathToFileURL(path.join(here, file)).href)) as BenchModule;
  const figures = await mod.run();
  for (const [name, value] of Object.entries(figures)) {
    console.log(`${name}: ${value}`);
    results[name] = value;
  }
  await writeFile(resultsFile, JSON.stringify(results, null, 2) + '\n');
}
console.log(`\nFigures written to ${path.relative(process.cwd(), resultsFile)}`);
process.exit(0);
