import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SEEDS_DIR,
  fixtureFile,
  fixtureText,
  fixturesFromSeeds,
  parseSeedExamples,
} from '../../scripts/seed-fixtures';

/**
 * The committed seed fixtures are what the seed documents print: where the seeds sit beside the
 * repository (`../shared/seeds`), each fixture is made again from them and must be byte-identical.
 * A clone with nothing beside it skips that comparison and says so; the fixtures still serve.
 */

const seedsPresent = existsSync(DEFAULT_SEEDS_DIR);
if (!seedsPresent) {
  console.log(`Seed fixture comparison skipped: no seed documents at ${DEFAULT_SEEDS_DIR}`);
}

describe('seed fixtures', () => {
  it.each(['000', '003'])('seed %s has a committed fixture with its examples', (prefix) => {
    const fixture = JSON.parse(readFileSync(fixtureFile(prefix), 'utf8')) as { examples: object };
    expect(Object.keys(fixture.examples).length).toBeGreaterThan(0);
  });

  it.skipIf(!seedsPresent)('each fixture is exactly what the seed documents print today', async () => {
    const fixtures = fixturesFromSeeds(DEFAULT_SEEDS_DIR);
    expect([...fixtures.keys()]).toEqual(['000', '003']);
    for (const [prefix, fixture] of fixtures) {
      const file = fixtureFile(prefix);
      expect(readFileSync(file, 'utf8'), `${file}: run npx tsx scripts/seed-fixtures.ts`).toBe(
        await fixtureText(fixture, file),
      );
    }
  });

  it('reads a method, its path with the base once, and the JSON after each example heading', () => {
    const text = [
      'PUT',
      '/api/v1/api/v1/things/:id',
      'Request Example',
      '{ "a": { "b": 1 } }',
      'Response Example',
      '{',
      '  "ok": true',
      '}',
      'GET',
      '/api/v1/api/v1/undocumented',
    ].join('\n');
    expect(parseSeedExamples(text)).toEqual({
      'PUT /api/v1/things/:id': { request: { a: { b: 1 } }, response: { ok: true } },
    });
  });
});
