/**
 * Turns the request and response examples printed in the seed documents into the server tests'
 * fixtures, so those tests compare against them in a clone with nothing beside it:
 *
 *   npx tsx scripts/seed-fixtures.ts [seeds folder, default ../shared/seeds]
 *     -> test/server/fixtures/seed<NNN>.json for each seed that prints examples (000 and 003)
 *
 * The fixtures are committed; run this again only when a seed changes.
 * `test/server/seedFixtures.test.ts` checks they still match the seeds wherever the seeds are.
 */
import { readFileSync, readdirSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { format, resolveConfig } from 'prettier';

export interface SeedExample {
  request?: unknown;
  response?: unknown;
}

/** What one fixture file holds: the examples keyed `METHOD path`, in the seed's order. */
export interface SeedFixture {
  seed: string;
  examples: Record<string, SeedExample>;
}

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const FIXTURE_DIR = path.join(ROOT, 'test/server/fixtures');
export const DEFAULT_SEEDS_DIR = path.resolve(ROOT, '../shared/seeds');

export const fixtureFile = (seedPrefix: string) => path.join(FIXTURE_DIR, `seed${seedPrefix}.json`);

/**
 * The examples of one seed document: a method line, the path on the next line, then JSON after
 * `Request Example` / `Response Example`. The path is kept with the base once, as it really is
 * (the seeds print the base twice; contract.md, Conventions).
 */
export function parseSeedExamples(text: string): Record<string, SeedExample> {
  const lines = text.split('\n');
  const out: Record<string, SeedExample> = {};
  let current: SeedExample | null = null;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (/^(GET|POST|PUT|DELETE)$/.test(line)) {
      const printed = (lines[i + 1] ?? '').trim();
      const second = printed.indexOf('/api/v1', 1);
      const route = second > 0 ? printed.slice(second) : printed;
      current = {};
      out[`${line} ${route}`] = current;
      continue;
    }
    if ((line === 'Request Example' || line === 'Response Example') && current) {
      let json = '';
      let depth = 0;
      for (i = i + 1; i < lines.length; i++) {
        const l = lines[i]!;
        json += l + '\n';
        for (const ch of l) depth += ch === '{' ? 1 : ch === '}' ? -1 : 0;
        if (depth === 0 && json.trim() !== '') break;
      }
      current[line === 'Request Example' ? 'request' : 'response'] = JSON.parse(json);
    }
  }
  // a method heading with no example under it is documentation, not a fixture
  return Object.fromEntries(
    Object.entries(out).filter(([, e]) => e.request !== undefined || e.response !== undefined),
  );
}

/** The fixture of every seed in `seedsDir` that prints at least one example. */
export function fixturesFromSeeds(seedsDir: string): Map<string, SeedFixture> {
  const fixtures = new Map<string, SeedFixture>();
  for (const file of readdirSync(seedsDir).sort()) {
    const match = /^(\d{3})_.*\.txt$/.exec(file);
    if (!match) continue;
    const examples = parseSeedExamples(readFileSync(path.join(seedsDir, file), 'utf8'));
    if (Object.keys(examples).length > 0) fixtures.set(match[1]!, { seed: file, examples });
  }
  return fixtures;
}

/** The fixture as committed: JSON in the repository's Prettier style, so `npm run lint` passes. */
export async function fixtureText(fixture: SeedFixture, file: string): Promise<string> {
  const options = (await resolveConfig(file)) ?? {};
  return format(JSON.stringify(fixture), { ...options, filepath: file });
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const seedsDir = path.resolve(process.argv[2] ?? DEFAULT_SEEDS_DIR);
  mkdirSync(FIXTURE_DIR, { recursive: true });
  for (const [prefix, fixture] of fixturesFromSeeds(seedsDir)) {
    const file = fixtureFile(prefix);
    writeFileSync(file, await fixtureText(fixture, file));
    console.log(
      `${path.relative(ROOT, file)}: ${Object.keys(fixture.examples).length} examples from ${fixture.seed}`,
    );
  }
}
