import type { z } from 'zod';
import {
  BatchCancelled,
  BatchCreate,
  BatchCreated,
  BatchDeleted,
  BatchDetail,
  BatchList,
  BatchListQuery,
  BatchRetried,
  BatchRetry,
  BatchUpdate,
  BatchUpdated,
  ErrorEnvelope,
  HealthResponse,
  IDEMPOTENCY_KEY_HEADER,
  IDEMPOTENT_REPLAYED_HEADER,
  RunCreate,
  RunDeleted,
  RunDetail,
  RunList,
  RunListQuery,
  RunUpdate,
  RESPONSE_ERROR_CODES,
  WalkinErrorResponse,
  paths,
  type FieldError,
} from '../contract';
import type { RequestOutcome } from './classify';
import { describeFetchError, type TransportFailureKind } from './transport';

/** A typed client of /api/v1: one method per endpoint, every answer parsed with the contract. */

export const DEFAULT_REQUEST_TIMEOUT_MS = 15_000;

export type ApiFailure =
  | { kind: TransportFailureKind; message: string }
  | {
      kind: 'http';
      status: number;
      /** the envelope's code, or `http_<status>` when the body was not an error envelope */
      code: string;
      message: string;
      fields?: FieldError[];
      retryAfter: string | null;
      /** false when the body was not the contract's error envelope (a proxy page, another app) */
      envelope: boolean;
    }
  | { kind: 'invalid_response'; status: number; message: string };

export type ApiResult<T> =
  { ok: true; status: number; data: T; replayed: boolean } | { ok: false; error: ApiFailure };

export interface ApiClientOptions {
  /** `https://server.example` (a trailing `/api/v1` is accepted too) */
  baseUrl: string;
  token: string;
  fetch?: typeof fetch;
  timeoutMs?: number;
  /** aborts every request of this client (the engine stopping) */
  signal?: AbortSignal;
}

export type ApiClient = ReturnType<typeof createApiClient>;

/** One call of the contract; a record kind's descriptor builds its own with `client.send`. */
export interface RequestSpec<T> {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  schema: z.ZodType<T>;
  query?: Record<string, string | number | undefined>;
  body?: unknown;
  idempotencyKey?: string;
}

/** Strips trailing slashes and a pasted `/api/v1`, since every path carries it. */
export function normaliseBaseUrl(url: string): string {
  return url
    .trim()
    .replace(/\/+$/, '')
    .replace(/\/api\/v1$/, '');
}

export function createApiClient(options: ApiClientOptions) {
  const baseUrl = normaliseBaseUrl(options.baseUrl);
  // late-bound so a test or host that replaces globalThis.fetch after creation is honoured
  const doFetch: typeof fetch = options.fetch ?? ((input, init) => fetch(input, init));
  const timeoutMs = options.timeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;

  async function request<T>(spec: RequestSpec<T>): Promise<ApiResult<T>> {
    const url = new URL(baseUrl + spec.path);
    for (const [name, value] of Object.entries(spec.query ?? {})) {
      if (value !== undefined) url.searchParams.set(name, String(value));
    }
    const headers: Record<string, string> = {
      accept: 'application/json',
      authorization: `Bearer ${options.token}`,
    };
    if (spec.body !== undefined) headers['content-type'] = 'application/json';
    if (spec.idempotencyKey !== undefined) headers[IDEMPOTENCY_KEY_HEADER] = spec.idempotencyKey;

    const timeout = new AbortController();
    const timer = setTimeout(() => timeout.abort(), timeoutMs);
    const signal = options.signal ? AbortSignal.any([options.signal, timeout.signal]) : timeout.signal;
    try {
      let response: Response;
      let text: string;
      try {
        response = await doFetch(url, {
          method: spec.method,
          headers,
          body: spec.body === undefined ? undefined : JSON.stringify(spec.body),
          signal,
        });
        // the timeout covers the body too: a server that sends headers and stalls is a timeout
        text = await response.text();
      } catch (error) {
        if (options.signal?.aborted)
          return { ok: false, error: { kind: 'aborted', message: 'Sync stopped' } };
        return { ok: false, error: describeFetchError(error, timeout.signal.aborted, baseUrl) };
      }
      return interpret(response, text, spec.schema);
    } finally {
      clearTimeout(timer);
    }
  }

  return {
    baseUrl,
    /** any call, for record kinds whose endpoints have no method here */
    send: request,
    health: () => request({ method: 'GET', path: paths.health, schema: HealthResponse }),

    listBatches: (query: Partial<BatchListQuery> = {}) =>
      request({ method: 'GET', path: paths.batches, schema: BatchList, query }),
    getBatch: (batchId: string) =>
      request({ method: 'GET', path: paths.batch(batchId), schema: BatchDetail }),
    createBatch: (body: BatchCreate, idempotencyKey: string) =>
      request({ method: 'POST', path: paths.batches, schema: BatchCreated, body, idempotencyKey }),
    updateBatch: (batchId: string, body: BatchUpdate, idempotencyKey: string) =>
      request({ method: 'PUT', path: paths.batch(batchId), schema: BatchUpdated, body, idempotencyKey }),
    deleteBatch: (batchId: string, idempotencyKey: string) =>
      request({ method: 'DELETE', path: paths.batch(batchId), schema: BatchDeleted, idempotencyKey }),
    retryBatch: (batchId: string, idempotencyKey: string, body?: BatchRetry) =>
      request({
        method: 'POST',
        path: paths.batchRetry(batchId),
        schema: BatchRetried,
        idempotencyKey,
        ...(body ? { body } : {}),
      }),
    cancelBatch: (batchId: string, idempotencyKey: string) =>
      request({ method: 'POST', path: paths.batchCancel(batchId), schema: BatchCancelled, idempotencyKey }),

    listRuns: (query: Partial<RunListQuery> = {}) =>
      request({ method: 'GET', path: paths.runs, schema: RunList, query }),
    getRun: (runId: string) => request({ method: 'GET', path: paths.run(runId), schema: RunDetail }),
    createRun: (body: RunCreate, idempotencyKey: string) =>
      request({ method: 'POST', path: paths.runs, schema: RunDetail, body, idempotencyKey }),
    updateRun: (runId: string, body: RunUpdate, idempotencyKey: string) =>
      request({ method: 'PUT', path: paths.run(runId), schema: RunDetail, body, idempotencyKey }),
    deleteRun: (runId: string, idempotencyKey: string) =>
      request({ method: 'DELETE', path: paths.run(runId), schema: RunDeleted, idempotencyKey }),
  };
}

function interpret<T>(response: Response, text: string, schema: z.ZodType<T>): ApiResult<T> {
  const json = parseJson(text);
  if (response.ok) {
    const parsed = schema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return {
        ok: false,
        error: {
          kind: 'invalid_response',
          status: response.status,
          message: `The server's answer does not match the contract (${issue?.path.join('.') || 'body'}: ${issue?.message ?? 'unreadable'})`,
        },
      };
    }
    return {
      ok: true,
      status: response.status,
      data: parsed.data,
      replayed: response.headers.get(IDEMPOTENT_REPLAYED_HEADER) === 'true',
    };
  }
  const envelope = ErrorEnvelope.safeParse(json);
  const retryAfter = response.headers.get('retry-after');
  if (envelope.success) {
    const { code, message, fields } = envelope.data.error;
    return {
      ok: false,
      error: { kind: 'http', status: response.status, code, message, fields, retryAfter, envelope: true },
    };
  }
  // the walk-in paths answer in seed 004's `responseStatus` shape instead of the envelope
  const status = WalkinErrorResponse.safeParse(json);
  if (status.success) {
    const { errorCode, message, errors } = status.data.responseStatus;
    return {
      ok: false,
      error: {
        kind: 'http',
        status: response.status,
        code: ENVELOPE_CODE_OF[errorCode] ?? errorCode,
        message,
        fields: errors.map((e) => ({ field: e.fieldName, code: e.errorCode, message: e.message })),
        retryAfter,
        envelope: true,
      },
    };
  }
  const reason = response.statusText ? ` ${response.statusText}` : '';
  return {
    ok: false,
    error: {
      kind: 'http',
      status: response.status,
      code: `http_${response.status}`,
      message: `The server answered HTTP ${response.status}${reason} without an error description`,
      retryAfter,
      envelope: false,
    },
  };
}

/** `ValidationException` -> `validation_failed`: so the classification (409 in use) reads one code. */
const ENVELOPE_CODE_OF: Record<string, string | undefined> = Object.fromEntries(
  Object.entries(RESPONSE_ERROR_CODES).map(([code, name]) => [name, code]),
);

function parseJson(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** The facts `classifyOutcome` needs from a result. */
export function outcomeOf(result: ApiResult<unknown>): RequestOutcome {
  if (result.ok) return { kind: 'response', status: result.status };
  const { error } = result;
  if (error.kind === 'http') return { kind: 'response', status: error.status, code: error.code };
  if (error.kind === 'aborted') return { kind: 'unreachable' };
  return { kind: error.kind };
}

/** A failure in one sentence, for the status and an entry's last error. */
export function describeFailure(error: ApiFailure): string {
  if (error.kind === 'http') return `The server answered ${error.status}: ${error.message}`;
  return error.message;
}
