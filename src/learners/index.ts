export * from './learners';
