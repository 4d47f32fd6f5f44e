import {
  REFERENCE_NEXT_PULL_KEY,
  REFERENCE_REFRESH_MS,
  REFERENCE_RETRY_MS,
  pullReference,
} from '../../reference/pull';
import { onPullFailure } from '../pullContext';
import type { RecordKindDescriptor } from '../recordKinds';

/**
 * Reference data (venues, exam classes, assessment forms): pulled only, never changed here. Its
 * pull step refreshes the copy when due (every `REFERENCE_REFRESH_MS`), and at once on start and
 * Sync now (the pulls that also sweep). It has no operations, so nothing of it is ever queued.
 * It gives no `nextPollAt`: a refresh is not work waiting on time (a settled sync stays settled),
 * and the cycles the host's ticks start already come often enough for it.
 */
export const referenceKind: RecordKindDescriptor = {
  kind: 'reference',
  tables: (db) => [db.venues, db.examClasses, db.assessmentForms],
  operations: {},
  pushOrder: 'parallel',
  setSyncState: async () => undefined,
  accept: async () => undefined,
  refetch: async (db) => {
    await db.settings.delete(REFERENCE_NEXT_PULL_KEY);
  },
  subject: async () => ({ name: 'Reference data', exists: true }),
  pollAfterPush: true,
  poll: async (options, report) => {
    const { db, client, now } = options;
    const next = await db.settings.get(REFERENCE_NEXT_PULL_KEY);
    if (!options.sweep && typeof next?.value === 'number' && next.value > now()) return;
    // the next time is set first, so the pull steps run during a push do not start it again
    await db.settings.put({ key: REFERENCE_NEXT_PULL_KEY, value: now() + REFERENCE_RETRY_MS });
    const result = await pullReference(db, client, now());
    if (!result.ok) return onPullFailure(report, result.error, async () => undefined);
    await db.settings.put({ key: REFERENCE_NEXT_PULL_KEY, value: now() + REFERENCE_REFRESH_MS });
    report.fed += result.pulled.venues + result.pulled.assessmentForms;
  },
};
