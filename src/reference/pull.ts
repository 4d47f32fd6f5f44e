/* eslint-disable @typescript-eslint/no-unused-vars -- API first: the bodies follow in the next commits */
import type { AppDatabase } from '../db';
import type { ApiClient, ApiFailure } from '../sync/client';

/**
 * Pulling the reference data (contract C1) into the laptop's copy: venues and assessment forms
 * through their `updated_since` feeds, the exam classes of every venue's organisation in full
 * (they have no feed). Run by the `reference` record kind's pull step; each part's time is kept
 * under `REFERENCE_PULLED_KEYS` once it completed.
 */

/** How often the sync cycle refreshes the copy on its own; start and Sync now refresh at once. */
export const REFERENCE_REFRESH_MS = 10 * 60_000;

export interface ReferencePullResult {
  venues: number;
  examClasses: number;
  assessmentForms: number;
}

/** Brings the copy up to date; throws nothing: a failure is returned as the API failure. */
export async function pullReference(
  db: AppDatabase,
  client: ApiClient,
  now: number,
): Promise<{ ok: true; pulled: ReferencePullResult } | { ok: false; error: ApiFailure }> {
  throw new Error('not built yet');
}
