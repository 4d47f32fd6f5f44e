export * from './learners';
export * from './byEmail';
