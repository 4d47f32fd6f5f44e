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
  venues: `${API_BASE}/venues`,
  venue: (venueId: string) => `${API_BASE}/venues/${encodeURIComponent(venueId)}`,
  examClasses: (organizationId: string) => `${API_BASE}/exam-classes/${encodeURIComponent(organizationId)}`,
  assessmentForms: `${API_BASE}/assessment-forms`,
  assessmentForm: (formId: string) => `${API_BASE}/assessment-forms/${encodeURIComponent(formId)}`,
  learners: `${API_BASE}/learners`,
  learner: (learnerId: string) => `${API_BASE}/learners/${encodeURIComponent(learnerId)}`,
  events: `${API_BASE}/events`,
  listEvents: `${API_BASE}/events/list-events`,
  eventClasses: `${API_BASE}/events/classes`,
  scrapPaper: `${API_BASE}/events/scrap-paper`,
  event: (eventId: string) => `${API_BASE}/events/${encodeURIComponent(eventId)}`,
  eventCancel: (eventId: string) => `${API_BASE}/events/${encodeURIComponent(eventId)}/cancel`,
  registrations: `${API_BASE}/registrations`,
  registration: (registrationId: string) => `${API_BASE}/registrations/${encodeURIComponent(registrationId)}`,
  registrationCommand: (registrationId: string, command: string) =>
    `${API_BASE}/registrations/${encodeURIComponent(registrationId)}/commands/${command}`,
  registrationSearch: `${API_BASE}/registrations/search`,
  registrationCount: `${API_BASE}/registrations/count`,
  eventPeople: (eventId: string) => `${API_BASE}/events/${encodeURIComponent(eventId)}/people`,
  eventPeopleBulk: (eventId: string) => `${API_BASE}/events/${encodeURIComponent(eventId)}/people/bulk`,
  jobs: `${API_BASE}/jobs`,
  job: (jobId: string) => `${API_BASE}/jobs/${encodeURIComponent(jobId)}`,
  jobTasks: (jobId: string) => `${API_BASE}/jobs/${encodeURIComponent(jobId)}/tasks`,
} as const;
