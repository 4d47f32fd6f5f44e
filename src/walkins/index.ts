export * from './commands';
export * from './draftSaver';
export * from './form';
export * from './queries';
export * from './staffSettings';
export * from './state';
