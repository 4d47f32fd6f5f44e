export * from './common';
export * from './health';
export * from './bulkRegistrations';
export * from './expiryOrchestration';
export * from './reference';
export * from './events';
export * from './registrations';
export * from './paths';
