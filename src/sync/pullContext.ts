import type { AppDatabase } from '../db';
import type { RandomSource } from './backoff';
import { classifyOutcome } from './classify';
import { describeFailure, outcomeOf, type ApiClient, type ApiFailure } from './client';

/** What every part of the pull (polls, feeds, sweeps of each record kind) is given and reports. */

export const FEED_PAGE_LIMIT = 100;

export interface PullOptions {
  db: AppDatabase;
  client: ApiClient;
  now: () => number;
  random: RandomSource;
  timeZone: string;
  concurrency?: number;
  signal?: AbortSignal;
  /** also look for records the server deleted (a full listing: on start and on "Sync now") */
  sweep?: boolean;
  /** how long the feeds wait for the followed polls (default `FEEDS_WAIT_MS`) */
  feedsWaitMs?: number;
}

export interface PullReport {
  /** batches whose final server state was written locally */
  applied: number;
  /** items whose outcome the server decided differently than the local provisional one */
  changed: number;
  /** records that arrived or changed through a feed */
  fed: number;
  /** local records removed because the server no longer has them */
  lost: number;
  authRefused: boolean;
  lastError?: string;
}

/** A 404 runs `onNotFound`; a refused token stops the pull; anything else becomes the last error. */
export async function onPullFailure(
  report: PullReport,
  error: ApiFailure,
  onNotFound: () => Promise<void>,
): Promise<void> {
  if (error.kind === 'http' && error.status === 404) return onNotFound();
  const verdict = classifyOutcome(outcomeOf({ ok: false, error }));
  if (verdict === 'auth') report.authRefused = true;
  else if (error.kind !== 'aborted') report.lastError = describeFailure(error);
}
