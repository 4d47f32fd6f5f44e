export * from './errors';
export * from './commands';
export * from './queries';
export * from './searchIndex';
