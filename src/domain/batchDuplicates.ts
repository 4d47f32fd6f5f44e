import { DUPLICATE_ACTIVITY_ERROR } from '../contract';

/** What the duplicate rule looks at. */
export interface ActivityIdentity {
  mentor_id: string;
  activity_type: string;
  activity_date: string;
}

/** The same key as one string, for sets. */
export function activityKeyText(item: ActivityIdentity): string {
  return `${item.mentor_id}\u0000${item.activity_type}\u0000${item.activity_date}`;
}

export type ItemOutcome = { status: 'success' } | { status: 'failed'; error: string };

/**
 * The duplicate rule, in submitted order: an item fails when its mentor already has a
 * successful activity of the same type on the same date, whether registered before (`registered`
 * holds their `activityKeyText`) or by an earlier item of this run. `registered` gains every
 * success, so a caller can carry it over to the next chunk.
 */
export function decideOutcomes(items: readonly ActivityIdentity[], registered: Set<string>): ItemOutcome[] {
  return items.map((item) => {
    const key = activityKeyText(item);
    if (registered.has(key)) return { status: 'failed', error: DUPLICATE_ACTIVITY_ERROR };
    registered.add(key);
    return { status: 'success' };
  });
}
