import type { z } from 'zod';
import { SectionPut, Uuid } from '../src/contract';
import type { Queryable } from './db/database';
import { upsertSection } from './sections';

type Row = Record<string, unknown>;

/**
 * Sections for `npm run server -- reference load <file>`: the `sections` key of a JSON file or a
 * sheet named `sections`, one row per section with its `section_uuid`. Shaped as a descriptor of
 * the reference loader's registry (its store argument is not needed: sections have their own).
 */
export const SECTIONS_RESOURCE = {
  name: 'sections',
  schema: SectionPut.extend({ section_uuid: Uuid }) as unknown as z.ZodType<Row>,
  booleanFields: ['is_oncampus'] as const,
  async load(_store: unknown, rows: Row[], tx: Queryable): Promise<void> {
    for (const { section_uuid, ...section } of rows) {
      await upsertSection(tx, section_uuid as string, SectionPut.parse(section));
    }
  },
};
