import { SectionList, paths, type Section } from '../../contract';
import type { PullOptions, PullReport } from '../pullContext';
import type { RecordKindDescriptor } from '../recordKinds';

/**
 * The term's section catalogue (contract C1, seed 004's sections), pulled only: the walk-in form
 * picks from this copy offline. The feed brings every section changed since the last pass.
 */

export const SECTION_CURSOR_KEY = 'sync.cursor.sections';

async function takeSection(options: PullOptions, section: Section, report: PullReport): Promise<boolean> {
  const { db, now } = options;
  await db.sections.put({ ...section, pulled_at: now() });
  report.fed += 1;
  return true;
}

export const sectionKind: RecordKindDescriptor = {
  kind: 'section',
  tables: (db) => [db.sections],
  // nothing is sent: the catalogue is the college's, administered on the server
  operations: {},
  pushOrder: 'parallel',
  setSyncState: async () => undefined,
  accept: async () => undefined,
  refetch: async (db) => {
    await db.settings.delete(SECTION_CURSOR_KEY);
  },
  subject: async (db, localId) => {
    const section = await db.sections.get(localId);
    if (!section) return { name: 'A section no longer in the catalogue', exists: false };
    return { name: `${section.course_name} ${section.section_code}`, exists: true };
  },
  feed: {
    cursorKey: SECTION_CURSOR_KEY,
    list: (client, query) => client.send({ method: 'GET', path: paths.sections, schema: SectionList, query }),
    updatedAt: (section) => (section as Section).updated_at,
    take: (options, section, report) => takeSection(options, section as Section, report),
  },
};
