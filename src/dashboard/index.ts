export * from './charts';
export * from './attention';
