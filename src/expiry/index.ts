export * from './settings';
export * from './roster';
export * from './runJob';
export * from './runs';
export * from './notifications';
export * from './tick';
export { readCandidates } from './candidates';
export { EXPIRY_COVERAGE_KEY } from './coverage';
