export * from './common';
export * from './health';
export * from './bulkRegistrations';
export * from './expiryOrchestration';
export * from './paths';
export * from './attendeeJobs';
