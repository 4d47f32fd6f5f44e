import type { AppDatabase } from '../db';

/**
 * Batches the server has not finished (or whose final state we have not fetched since our last
 * change): each is polled with backoff until its detail is final. Kept in `settings` under
 * `sync.poll:<local batch id>`, written in the transaction that learns the batch changed.
 */

export interface PollState {
  /** local batch id */
  batch: string;
  attempts: number;
  /** epoch ms */
  next_poll_at: number;
}

const PREFIX = 'sync.poll:';

export async function schedulePoll(db: AppDatabase, batch: string, at: number): Promise<void> {
  await db.settings.put({
    key: PREFIX + batch,
    value: { batch, attempts: 0, next_poll_at: at } satisfies PollState,
  });
}

export async function postponePoll(db: AppDatabase, state: PollState, at: number): Promise<void> {
  await db.settings.put({
    key: PREFIX + state.batch,
    value: { ...state, attempts: state.attempts + 1, next_poll_at: at } satisfies PollState,
  });
}

export async function endPoll(db: AppDatabase, batch: string): Promise<void> {
  await db.settings.delete(PREFIX + batch);
}

export async function isPolled(db: AppDatabase, batch: string): Promise<boolean> {
  return (await db.settings.get(PREFIX + batch)) !== undefined;
}

export async function allPolls(db: AppDatabase): Promise<PollState[]> {
  const rows = await db.settings.where('key').startsWith(PREFIX).toArray();
  return rows.map((row) => row.value as PollState);
}
