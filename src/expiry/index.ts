export * from './settings';
export * from './roster';
export * from './runJob';
export * from './runs';
export * from './notifications';
export * from './tick';
export { queueRosterCheck, ROSTER_CHANGE } from './rosterCheck';
export { readCandidates } from './candidates';
export { EXPIRY_COVERAGE_KEY } from './coverage';
