import { z } from 'zod';
import type { AppDatabase } from '../db';
import type { ColumnMapping } from '../import';

/**
 * Column mappings the coordinator confirmed, keyed by the header signature
 * (`headerSignature(headers)`), so the next file with the same headers maps itself the same way.
 */

const KEY_PREFIX = 'import.mapping:';

export function rememberedMappingKey(signature: string): string {
  return KEY_PREFIX + signature;
}

const StoredMapping = z.record(z.string(), z.number().int().min(0).nullable());

export async function loadRememberedMapping(
  db: AppDatabase,
  signature: string,
): Promise<ColumnMapping | null> {
  const row = await db.settings.get(rememberedMappingKey(signature));
  const parsed = StoredMapping.safeParse(row?.value);
  return parsed.success ? parsed.data : null;
}

export async function rememberMapping(
  db: AppDatabase,
  signature: string,
  mapping: ColumnMapping,
): Promise<void> {
  await db.settings.put({ key: rememberedMappingKey(signature), value: { ...mapping } });
}
