export * from './context';
export * from './queries';
export * from './pull';
