/** The /api/v1 routes, one place for the server's router and the client's calls. */
export const API_BASE = '/api/v1';

export const paths = {
  health: `${API_BASE}/health`,
  openapi: `${API_BASE}/openapi.json`,
  batches: `${API_BASE}/bulk-registrations`,
  batch: (batchId: string) => `${API_BASE}/bulk-registrations/${encodeURIComponent(batchId)}`,
  batchRetry: (batchId: string) => `${API_BASE}/bulk-registrations/${encodeURIComponent(batchId)}/retry`,
  batchCancel: (batchId: string) => `${API_BASE}/bulk-registrations/${encodeURIComponent(batchId)}/cancel`,
  runs: `${API_BASE}/expiry-orchestration`,
  run: (runId: string) => `${API_BASE}/expiry-orchestration/${encodeURIComponent(runId)}`,
  sections: `${API_BASE}/sections`,
  section: (sectionUuid: string) => `${API_BASE}/sections/${encodeURIComponent(sectionUuid)}`,
  /** seed 004's paths: `/:reporting_term` (list), `/:reporting_term/:transaction_uuid` (+ `/archive`) */
  walkinsBase: `${API_BASE}/registration/unauthenticated`,
  walkins: (term: string) => `${API_BASE}/registration/unauthenticated/${encodeURIComponent(term)}`,
  walkin: (term: string, transactionUuid: string) =>
    `${API_BASE}/registration/unauthenticated/${encodeURIComponent(term)}/${encodeURIComponent(transactionUuid)}`,
  walkinArchive: (term: string, transactionUuid: string) =>
    `${API_BASE}/registration/unauthenticated/${encodeURIComponent(term)}/${encodeURIComponent(transactionUuid)}/archive`,
} as const;
