import { API_VERSION } from '../contract';
import { createApiClient, type ApiFailure } from './client';

/** "Test connection": says exactly which of the things that can be wrong is wrong. */

export type ConnectionProblem =
  'invalid_url' | 'unreachable' | 'timeout' | 'tls' | 'unauthorized' | 'wrong_contract' | 'server_error';

export type ConnectionCheck =
  { ok: true; version: string; message: string } | { ok: false; problem: ConnectionProblem; message: string };

export interface ConnectionCheckOptions {
  fetch?: typeof fetch;
  timeoutMs?: number;
  signal?: AbortSignal;
}

export async function testConnection(
  url: string,
  token: string,
  options: ConnectionCheckOptions = {},
): Promise<ConnectionCheck> {
  if (!isHttpUrl(url)) {
    return {
      ok: false,
      problem: 'invalid_url',
      message: 'The server address must start with http:// or https://',
    };
  }
  const client = createApiClient({ baseUrl: url, token, ...options });

  const health = await client.health();
  if (!health.ok) {
    const { error } = health;
    if (error.kind === 'http' && error.status === 401) return refusedToken();
    if (
      error.kind === 'invalid_response' ||
      (error.kind === 'http' && (!error.envelope || error.status === 404))
    ) {
      return {
        ok: false,
        problem: 'wrong_contract',
        message: `There is no /api/v1 server at ${client.baseUrl} (its health check answered ${describe(error)})`,
      };
    }
    return transportOrServer(error);
  }
  const served = health.data.api_version;
  if (served !== undefined && served !== API_VERSION) {
    return {
      ok: false,
      problem: 'wrong_contract',
      message: `The server speaks contract ${served}; this app speaks ${API_VERSION}. Update the app or the server.`,
    };
  }

  // health may be open to anyone: an authenticated read proves the token
  const probe = await client.listBatches({ page: 1, limit: 1 });
  if (!probe.ok) {
    const { error } = probe;
    if (error.kind === 'http' && error.status === 401) return refusedToken();
    if (error.kind === 'invalid_response' || (error.kind === 'http' && error.status === 404)) {
      return {
        ok: false,
        problem: 'wrong_contract',
        message: `The server at ${client.baseUrl} answers health but not the bulk registrations API (${describe(error)})`,
      };
    }
    return transportOrServer(error);
  }
  return {
    ok: true,
    version: health.data.version,
    message: `Connected to ${client.baseUrl} (server ${health.data.version}, contract ${served ?? API_VERSION})`,
  };
}

function refusedToken(): ConnectionCheck {
  return {
    ok: false,
    problem: 'unauthorized',
    message: 'The server refused the token (401): enter a valid token',
  };
}

function transportOrServer(error: ApiFailure): ConnectionCheck {
  switch (error.kind) {
    case 'unreachable':
    case 'aborted':
      return { ok: false, problem: 'unreachable', message: error.message };
    case 'timeout':
      return { ok: false, problem: 'timeout', message: error.message };
    case 'tls':
      return { ok: false, problem: 'tls', message: error.message };
    default:
      return { ok: false, problem: 'server_error', message: `The server failed: ${describe(error)}` };
  }
}

function describe(error: ApiFailure): string {
  if (error.kind === 'http') return `HTTP ${error.status}: ${error.message}`;
  return error.message;
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value.trim());
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}
