import Dexie from 'dexie';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import {
  AppDatabase,
  SCHEMA_V1,
  SCHEMA_V2,
  SCHEMA_V3,
  SCHEMA_V4,
  SCHEMA_V5,
  SCHEMA_V6,
  SCHEMA_V7,
} from '../../../src/db';

const SCHEMAS = [SCHEMA_V1, SCHEMA_V2, SCHEMA_V3, SCHEMA_V4, SCHEMA_V5, SCHEMA_V6, SCHEMA_V7];

/**
 * A profile an earlier release wrote, opened by today's app: `write` stores its records through
 * a Dexie that knows the schemas up to `version`, then `AppDatabase` opens it, running every
 * upgrade since, on an IndexedDB of its own.
 */
export async function upgradedProfile(
  version: number,
  write: (old: Dexie) => Promise<unknown>,
): Promise<AppDatabase> {
  const indexedDB = new IDBFactory();
  const name = `upgrade-v${version}-${crypto.randomUUID()}`;
  const old = new Dexie(name, { indexedDB, IDBKeyRange });
  SCHEMAS.slice(0, version).forEach((schema, i) => old.version(i + 1).stores(schema));
  await write(old);
  old.close();
  const db = new AppDatabase(name, { indexedDB, IDBKeyRange });
  await db.open();
  return db;
}
