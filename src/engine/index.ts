export * from './api';
export * from './host';
export * from './queue';
export * from './engine';
export * from './leader';
export * from './elected';
export * from './status';
export * from '../errors';
