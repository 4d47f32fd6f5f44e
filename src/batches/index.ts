export * from './errors';
export * from './jobs';
export * from './create';
export * from './actions';
export * from './queries';
