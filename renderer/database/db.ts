import { AppDatabase } from '../../src/db';

/** The window's connection to the profile's database (the engine has its own). */
export const db = new AppDatabase();
