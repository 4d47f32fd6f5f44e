/* eslint-disable @typescript-eslint/no-unused-vars -- API first: the bodies follow in the next commits */
import type { AppDatabase, LearnerRecord } from '../db';
import type { LocalCommandOptions } from '../reference/context';

/**
 * Learners on the laptop (contract C1): made or corrected at the desk offline, each under its
 * client UUID, and synced as the `learner` record kind (`POST /learners/:learner_id`).
 */

/** What the desk types for a learner; `learner_id` absent makes a new one. */
export interface LearnerDraft {
  learner_id?: string;
  first_name: string;
  last_name: string;
  email: string;
  phone?: string | null;
}

/**
 * Creates or updates the learner with its outbox entry, in one transaction: `learner.create` for
 * a new one, `learner.update` for a change (which waits for the create's answer before it goes).
 * Bad input is a `FieldInputError` naming the field (`last_name`, `email`), and nothing is stored.
 */
export async function saveLearner(
  db: AppDatabase,
  input: LearnerDraft,
  options?: LocalCommandOptions,
): Promise<LearnerRecord> {
  throw new Error('not built yet');
}

export async function getLearner(db: AppDatabase, learnerId: string): Promise<LearnerRecord | undefined> {
  throw new Error('not built yet');
}

/**
 * Learners whose name or email matches what is typed so far, at most `limit`: every typed word is
 * a prefix of one of the learner's words (`search_words` index; case and accents ignored), then,
 * when that finds fewer than `limit`, learners whose name or email contains the text anywhere.
 * Prefix matches come first, each group by last then first name.
 */
export async function findLearners(db: AppDatabase, text: string, limit = 10): Promise<LearnerRecord[]> {
  throw new Error('not built yet');
}
