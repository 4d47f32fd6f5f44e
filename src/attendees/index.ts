export * from './plan';
export * from './results';
export * from './settle';
export * from './importPeople';
export * from './imports';
export * from './notifications';
