export * from './records';
export * from './database';
