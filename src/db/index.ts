export * from './records';
export * from './fieldRecords';
export * from './database';
export * from './itemPages';
export * from './activityLedger';
export * from './commitWhenSent';
