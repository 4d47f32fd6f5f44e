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
  eventPeople: (eventId: string) => `${API_BASE}/events/${encodeURIComponent(eventId)}/people`,
  eventPeopleBulk: (eventId: string) => `${API_BASE}/events/${encodeURIComponent(eventId)}/people/bulk`,
  jobs: `${API_BASE}/jobs`,
  job: (jobId: string) => `${API_BASE}/jobs/${encodeURIComponent(jobId)}`,
  jobTasks: (jobId: string) => `${API_BASE}/jobs/${encodeURIComponent(jobId)}/tasks`,
} as const;
