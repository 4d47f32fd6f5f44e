import { randomUUID } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { ValidateFunction } from 'ajv';
import { expect } from 'vitest';
import { createServer, type Server } from '../../server/app';
import { configFromEnv, type ServerConfig } from '../../server/config';
import { openDatabase, type Database } from '../../server/db/database';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** CI gives the local PostgreSQL here; without it the PostgreSQL suites say so and skip. */
export const PG_URL = process.env['TEST_DATABASE_URL'];

export const TOKENS = {
  admin: 'test-admin-token-0001',
  coord119: 'test-coord-119-token',
  maya: 'test-coord-maya-token',
  other: 'test-coord-777-token',
} as const;
const API_TOKENS = `${TOKENS.admin}:admin,${TOKENS.coord119}:coord-119,${TOKENS.maya}:coord_maya_patel,${TOKENS.other}:coord-777`;

export interface Backend {
  name: 'pglite' | 'postgres';
  url: string | undefined;
}

/** PGlite always; PostgreSQL when TEST_DATABASE_URL is set (with a printed reason when it is not). */
export function backends(): { backend: Backend; skip: boolean }[] {
  if (!PG_URL) {
    console.log('PostgreSQL server suites skipped: TEST_DATABASE_URL is not set (PGlite suites still run)');
  }
  return [
    { backend: { name: 'pglite', url: undefined }, skip: false },
    { backend: { name: 'postgres', url: PG_URL }, skip: !PG_URL },
  ];
}

/** A fresh, uniquely named PostgreSQL schema; dropped by the returned function. */
export function freshSchema(): { schema: string; drop: () => Promise<void> } {
  const schema = `t_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
  return {
    schema,
    async drop() {
      const client = new pg.Client({ connectionString: PG_URL });
      await client.connect();
      try {
        await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      } finally {
        await client.end();
      }
    },
  };
}

export function testConfig(backend: Backend, overrides: Record<string, string> = {}): ServerConfig {
  return configFromEnv({
    API_TOKENS,
    LOG_LEVEL: 'silent',
    DATA_DIR: 'memory://',
    WORKER: 'off',
    RATE_LIMIT_PER_MINUTE: '0',
    ...(backend.url ? { DATABASE_URL: backend.url } : {}),
    ...overrides,
  });
}

export interface TestServer {
  server: Server;
  api: Api;
  close(): Promise<void>;
}

let sharedPglite: Promise<Database> | null = null;

/**
 * One in-memory PGlite per test file (each file runs in its own process): starting PGlite is the slow
 * part, so servers of one file that need no empty database share it.
 */
export function filePglite(): Promise<Database> {
  sharedPglite ??= openDatabase({ databaseUrl: undefined, dataDir: 'memory://' });
  return sharedPglite;
}

/** An in-process server on the backend (worker off: tests drive it with `server.worker.drain()`). */
export async function startTestServer(
  backend: Backend,
  overrides: Record<string, string> = {},
): Promise<TestServer> {
  const schema = backend.url ? freshSchema() : null;
  const config = testConfig(backend, { ...(schema ? { DATABASE_SCHEMA: schema.schema } : {}), ...overrides });
  const server = await createServer(config, backend.url ? undefined : await filePglite());
  await server.app.ready();
  return {
    server,
    api: new Api(server),
    async close() {
      await server.close();
      await schema?.drop();
    },
  };
}

export interface ApiResponse<T = Record<string, unknown>> {
  status: number;
  headers: Record<string, string | string[] | number | undefined>;
  body: T;
  raw: string;
}

type Token = keyof typeof TOKENS | null;

/** Calls the server in-process and checks every answer against the OpenAPI document's response schema. */
export class Api {
  private validators = new Map<string, ValidateFunction>();
  private document: OpenApiDocument | null = null;

  constructor(private readonly server: Server) {}

  async request<T = Record<string, unknown>>(
    method: 'GET' | 'POST' | 'PUT' | 'DELETE',
    url: string,
    options: { body?: unknown; token?: Token; headers?: Record<string, string>; rawBody?: string } = {},
  ): Promise<ApiResponse<T>> {
    const token = options.token === undefined ? 'admin' : options.token;
    const headers: Record<string, string> = {
      ...(token ? { authorization: `Bearer ${TOKENS[token]}` } : {}),
    };
    let payload: string | undefined;
    if (options.rawBody !== undefined) {
      payload = options.rawBody;
      headers['content-type'] = 'application/json';
    } else if (options.body !== undefined) {
      payload = JSON.stringify(options.body);
      headers['content-type'] = 'application/json';
    }
    Object.assign(headers, options.headers);
    const res = await this.server.app.inject({
      method,
      url,
      headers,
      ...(payload !== undefined ? { payload } : {}),
    });
    const body = res.body === '' ? ({} as T) : (JSON.parse(res.body) as T);
    await this.checkAgainstOpenApi(method, url, res.statusCode, body);
    return { status: res.statusCode, headers: res.headers, body, raw: res.body };
  }

  get = <T = Record<string, unknown>>(url: string, token?: Token) => this.request<T>('GET', url, { token });
  post = <T = Record<string, unknown>>(
    url: string,
    body?: unknown,
    token?: Token,
    headers?: Record<string, string>,
  ) => this.request<T>('POST', url, { body, token, headers });
  put = <T = Record<string, unknown>>(
    url: string,
    body?: unknown,
    token?: Token,
    headers?: Record<string, string>,
  ) => this.request<T>('PUT', url, { body, token, headers });
  delete = <T = Record<string, unknown>>(url: string, token?: Token, headers?: Record<string, string>) =>
    this.request<T>('DELETE', url, { token, headers });

  private async loadDocument(): Promise<OpenApiDocument> {
    if (!this.document) {
      const res = await this.server.app.inject({ method: 'GET', url: '/api/v1/openapi.json' });
      this.document = JSON.parse(res.body) as OpenApiDocument;
    }
    return this.document;
  }

  private async checkAgainstOpenApi(method: string, url: string, status: number, body: unknown) {
    const doc = await this.loadDocument();
    const pathname = url.split('?')[0]!;
    const template = Object.keys(doc.paths).find((p) =>
      new RegExp(`^${p.replace(/\{[^}]+\}/g, '[^/]+')}$`).test(pathname),
    );
    if (!template) return; // unknown routes answer the envelope, checked by the tests themselves
    const operation = doc.paths[template]?.[method.toLowerCase()];
    expect(operation, `${method} ${template} is in the OpenAPI document`).toBeDefined();
    const response = operation!.responses[String(status)];
    expect(response, `${method} ${template} documents status ${status}`).toBeDefined();
    const schema = response!.content?.['application/json']?.schema;
    if (!schema) return;
    const key = `${method} ${template} ${status}`;
    let validate = this.validators.get(key);
    if (!validate) {
      validate = ajv.compile(schema);
      this.validators.set(key, validate);
    }
    const ok = validate(body);
    expect(ok ? null : validate.errors, `${key} body matches the OpenAPI schema`).toBeNull();
  }
}

const ajv = new Ajv2020({ strict: false, validateFormats: false, allErrors: true });

interface OpenApiDocument {
  paths: Record<
    string,
    Record<string, { responses: Record<string, { content?: Record<string, { schema?: object }> }> }>
  >;
}

/** The seed files' request and response examples, keyed `METHOD path` (the path as printed, base once). */
export function seedExamples(seedPrefix: string): Map<string, { request?: unknown; response?: unknown }> {
  const dir = path.resolve(ROOT, '../shared/seeds');
  const file = readdirSync(dir).find((f) => f.startsWith(seedPrefix));
  if (!file) throw new Error(`Seed ${seedPrefix}_*.txt not found in ${dir}`);
  const lines = readFileSync(path.join(dir, file), 'utf8').split('\n');
  const out = new Map<string, { request?: unknown; response?: unknown }>();
  let current: { request?: unknown; response?: unknown } | null = null;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (/^(GET|POST|PUT|DELETE)$/.test(line)) {
      const printed = lines[i + 1]!.trim();
      // The seeds print the base twice; the real path has it once (contract.md, Conventions).
      const second = printed.indexOf('/api/v1', 1);
      const route = second > 0 ? printed.slice(second) : printed;
      current = {};
      out.set(`${line} ${route}`, current);
      continue;
    }
    if ((line === 'Request Example' || line === 'Response Example') && current) {
      let text = '';
      let depth = 0;
      for (i = i + 1; i < lines.length; i++) {
        const l = lines[i]!;
        text += l + '\n';
        for (const ch of l) depth += ch === '{' ? 1 : ch === '}' ? -1 : 0;
        if (depth === 0 && text.trim() !== '') break;
      }
      current[line === 'Request Example' ? 'request' : 'response'] = JSON.parse(text);
    }
  }
  return out;
}

export const FORMATS = {
  batch_id: /^batch-\d{4,}$/,
  item_id: /^item-\d{3,}$/,
  activity_id: /^pa-\d{3,}$/,
  run_id: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
  timestamp: /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/,
};

/**
 * Compares an answer with a seed example field for field: every field of the example is present with the
 * same type; ids and times are checked by format (their values must differ), everything else by value
 * unless listed in `byType`. Arrays are compared element by element up to the example's length.
 */
export function expectMatchesExample(
  actual: unknown,
  example: unknown,
  byType: string[] = [],
  where = '$',
): void {
  if (Array.isArray(example)) {
    expect(Array.isArray(actual), `${where} is an array`).toBe(true);
    const arr = actual as unknown[];
    example.forEach((e, i) => {
      if (i < arr.length || !byType.includes(`${where}.length`)) {
        expectMatchesExample(arr[i], e, byType, `${where}[${i}]`);
      }
    });
    if (!byType.includes(`${where}.length`) && example.every((e) => typeof e !== 'object')) {
      expect(arr, where).toEqual(example);
    }
    return;
  }
  if (example !== null && typeof example === 'object') {
    expect(actual !== null && typeof actual === 'object', `${where} is an object`).toBe(true);
    for (const [key, value] of Object.entries(example)) {
      const a = (actual as Record<string, unknown>)[key];
      const here = `${where}.${key}`;
      expect(a, `${here} is present`).not.toBeUndefined();
      const format =
        key === 'batch_id' || key === 'deleted_batch_id'
          ? FORMATS.batch_id
          : key === 'item_id'
            ? FORMATS.item_id
            : key === 'activity_id'
              ? FORMATS.activity_id
              : key === 'run_id'
                ? FORMATS.run_id
                : key.endsWith('_at')
                  ? FORMATS.timestamp
                  : null;
      if (format) {
        expect(a, `${here} format`).toMatch(format);
      } else if (byType.includes(key) || byType.includes(here)) {
        expect(typeof a, `${here} type`).toBe(typeof value);
      } else {
        expectMatchesExample(a, value, byType, here);
      }
    }
    return;
  }
  expect(actual, where).toEqual(example);
}

export async function waitFor<T>(
  fn: () => Promise<T | null | undefined | false>,
  timeoutMs = 20_000,
): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await fn();
    if (value) return value;
    if (Date.now() > until) throw new Error(`Timed out after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
