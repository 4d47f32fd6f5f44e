import type { AppDatabase, LearnerRecord } from '../db';
import { normalizeForSearch } from '../domain/nameSearch';

/**
 * The laptop's learners with any of these emails, by email in lower case (the server matches
 * emails ignoring case). There is no email index (`SCHEMA_V6`): a learner's email, folded as the
 * search folds it, is one of its `search_words` (`wordsOf` keeps every word whole), so that index
 * finds them; folding also drops accents, so the few it finds beyond an exact match are left out.
 */
export async function learnersByEmail(
  db: AppDatabase,
  emails: readonly string[],
): Promise<Map<string, LearnerRecord>> {
  const wanted = new Set(emails.map((email) => email.toLowerCase()));
  const words = [...new Set([...wanted].map(normalizeForSearch))];
  const found = new Map<string, LearnerRecord>();
  for (const learner of await db.learners.where('search_words').anyOf(words).toArray()) {
    const email = learner.email.toLowerCase();
    if (wanted.has(email)) found.set(email, learner);
  }
  return found;
}
