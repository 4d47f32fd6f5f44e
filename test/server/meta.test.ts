import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { paths } from '../../src/contract';
import { createServer } from '../../server/app';
import { ConfigError, configFromEnv } from '../../server/config';
import { createFirstAdminToken, createToken } from '../../server/auth';
import {
  PG_URL,
  ROOT,
  filePglite,
  freshSchema,
  startTestServer,
  testConfig,
  type TestServer,
} from './helpers';

const run = promisify(execFile);
type Body = Record<string, unknown>;

describe('health and the OpenAPI document', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer({ name: 'pglite', url: undefined });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('health answers without a token', async () => {
    const res = await t.api.get(paths.health, null);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok', version: expect.any(String), api_version: 'v1' });
  });

  it('openapi.json is a valid OpenAPI 3.1 document covering every endpoint', async () => {
    const res = await t.api.get<{ openapi: string; paths: Record<string, Body> }>(paths.openapi, null);
    expect(res.status).toBe(200);
    const validator = new Validator();
    const result = await validator.validate(res.body as unknown as Parameters<Validator['validate']>[0]);
    expect(result.errors ?? null).toBeNull();
    expect(result.valid).toBe(true);
    expect(res.body.openapi).toBe('3.1.0');
    const operations = Object.values(res.body.paths).flatMap((p) =>
      Object.keys(p).filter((k) => ['get', 'post', 'put', 'delete'].includes(k)),
    );
    // 7 + 5 + health + openapi.json, sections 2 + walk-ins 5, part C1-C3: 9 reference and learner, 5 event,
    // 11 registration, and 5 of attendee jobs (C4)
    expect(operations).toHaveLength(51);
  });

  it('answers with a request id and stays quiet in tests', async () => {
    const res = await t.api.get(paths.health, null);
    expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('rate limit', () => {
  it('answers 429 with Retry-After and the envelope past the per-token limit', async () => {
    const t = await startTestServer({ name: 'pglite', url: undefined }, { RATE_LIMIT_PER_MINUTE: '3' });
    try {
      for (let i = 0; i < 3; i++) expect((await t.api.get(paths.batches)).status).toBe(200);
      const limited = await t.api.get(paths.batches);
      expect(limited.status).toBe(429);
      expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
      expect(limited.body['error']).toMatchObject({
        code: 'rate_limited',
        message: expect.stringContaining('3'),
      });
      // another token has its own budget
      expect((await t.api.get(paths.batches, 'coord119')).status).toBe(200);
    } finally {
      await t.close();
    }
  });
});

describe('settings', () => {
  it('reads the defaults of the contract table', () => {
    const config = configFromEnv({});
    expect(config).toMatchObject({
      host: '127.0.0.1',
      port: 8787,
      databaseUrl: undefined,
      dataDir: './data/server',
      maxItems: 10_000,
      activityTypes: ['peer_session', 'workshop'],
      expiryThresholds: ['30_day', '7_day', 'expired'],
    });
    expect(config.apiTokens.size).toBe(0);
  });

  it.each([
    [{ PORT: 'eighty' }, 'PORT must be a whole number'],
    [{ MAX_ITEMS: '0' }, 'MAX_ITEMS must be a whole number ≥ 1'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL must start with postgres://'],
    [{ EXPIRY_THRESHOLDS: '30_day,soon' }, '"soon" is not "expired" or "N_day"'],
    [{ API_TOKENS: 'short:admin' }, 'API_TOKENS entries are token:principal'],
    [{ ACTIVITY_TYPES: 'Peer Session' }, 'ACTIVITY_TYPES: "Peer Session"'],
  ])('a bad value is one clear line: %o', (env, message) => {
    expect(() => configFromEnv(env)).toThrow(ConfigError);
    expect(() => configFromEnv(env)).toThrow(message);
  });

  it('configured activity types and MAX_ITEMS apply', async () => {
    const t = await startTestServer(
      { name: 'pglite', url: undefined },
      { ACTIVITY_TYPES: 'clinic', MAX_ITEMS: '2' },
    );
    try {
      const item = {
        mentor_id: 'm',
        activity_type: 'peer_session',
        activity_date: '2026-01-01',
        duration_minutes: 5,
      };
      const wrongType = await t.api.post(paths.batches, { coordinator_id: 'c', items: [item] });
      expect(wrongType.status).toBe(400);
      const tooMany = await t.api.post(paths.batches, {
        coordinator_id: 'c',
        items: [1, 2, 3].map(() => ({ ...item, activity_type: 'clinic' })),
      });
      expect(tooMany.status).toBe(413);
      expect((tooMany.body['error'] as Body)['message']).toContain('at most 2 items');
    } finally {
      await t.close();
    }
  });
});

describe('tokens', () => {
  it('`token create` stores only a hash; the token then authenticates as its principal', async () => {
    // The CLI runs on PostgreSQL when a test database is given (quicker to start), else on a PGlite folder.
    const dir = await mkdtemp(path.join(tmpdir(), 'ro-server-tokens-'));
    const schema = PG_URL ? freshSchema() : null;
    const env: Record<string, string> = PG_URL
      ? { DATABASE_URL: PG_URL, DATABASE_SCHEMA: schema!.schema }
      : { DATABASE_URL: '', DATA_DIR: dir };
    try {
      const { stdout } = await run('npx', ['tsx', 'server/main.ts', 'token', 'create', 'coord-555'], {
        cwd: ROOT,
        env: { ...process.env, ...env },
      });
      const token = /^(ro_\S+)$/m.exec(stdout)?.[1];
      expect(token, stdout).toBeDefined();
      const server = await createServer(
        testConfig({ name: PG_URL ? 'postgres' : 'pglite', url: PG_URL }, { ...env, API_TOKENS: '' }),
      );
      try {
        const stored = await server.db.query<Body>('SELECT token_hash, principal FROM api_tokens');
        expect(stored).toEqual([
          { token_hash: expect.stringMatching(/^[0-9a-f]{64}$/), principal: 'coord-555' },
        ]);
        expect(JSON.stringify(stored)).not.toContain(token!);
        const ok = await server.app.inject({
          method: 'GET',
          url: paths.batches,
          headers: { authorization: `Bearer ${token}` },
        });
        expect(ok.statusCode).toBe(200);
        const wrong = await server.app.inject({
          method: 'GET',
          url: paths.batches,
          headers: { authorization: 'Bearer ro_wrong' },
        });
        expect(wrong.statusCode).toBe(401);
      } finally {
        await server.close();
      }
    } finally {
      await schema?.drop();
      await rm(dir, { recursive: true, force: true });
    }
  }, 120_000);

  it('refuses a malformed principal; the first start with no token makes one admin token only', async () => {
    const db = await filePglite();
    await expect(createToken(db, 'not a principal!')).rejects.toThrow('is not a principal');
    await db.query('DELETE FROM api_tokens');
    const first = await createFirstAdminToken(db);
    expect(first).toMatch(/^ro_/);
    expect(await createFirstAdminToken(db)).toBeNull();
    const rows = await db.query<Body>('SELECT principal FROM api_tokens');
    expect(rows).toEqual([{ principal: 'admin' }]);
  });
});
