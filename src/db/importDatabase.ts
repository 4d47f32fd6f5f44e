import { AppDatabase, DEFAULT_DB_NAME } from './database';

/**
 * The connection the import worker writes a file's contents through (batches, rosters, attendee
 * imports). Its transactions are `relaxed` (Chromium's `durability`): committed once handed to the
 * operating system, without waiting for the disk to confirm, which for a 10,000-person import
 * (about 15 MB in one transaction) saves most of the commit. An operating-system crash or power
 * loss in the moment after an import can lose that import, whole (IndexedDB commits a
 * transaction all or nothing), never part of it, and the coordinator still has the file. The
 * app's other connections keep the default, so a desk registration is on disk when it is shown.
 */
export function importDatabase(name: string = DEFAULT_DB_NAME): AppDatabase {
  return new AppDatabase(name, { chromeTransactionDurability: 'relaxed' });
}
