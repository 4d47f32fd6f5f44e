export * from './records';
export * from './database';
export * from './itemPages';
export * from './activityLedger';
