import { expect } from '@playwright/test';
import type { BatchDetail, BatchSummary } from '../../../src/contract';
import { callServer, type ReferenceServer } from './server';

/**
 * The record-by-record comparison of the app's batches with the server's that the sync e2e
 * tests share (acceptance point 2 of issue #5). Each spec decides what a batch missing on one
 * side means; the rest is the same everywhere.
 */

/** Every row of a paginated list route, read with `token`. */
export async function listAll<T>(target: ReferenceServer, token: string, route: string): Promise<T[]> {
  const all: T[] = [];
  for (let page = 1; ; page++) {
    const answer = await callServer<{ data: T[] }>(target, token, 'GET', `${route}?page=${page}&limit=100`);
    expect(answer.status, `GET ${route}`).toBe(200);
    all.push(...answer.body.data);
    if (answer.body.data.length < 100) return all;
  }
}

/** The server's batches by the app's id; one held twice is a problem. */
export function byClientId(
  summaries: readonly BatchSummary[],
  problems: string[],
): Map<string, BatchSummary[]> {
  const held = new Map<string, BatchSummary[]>();
  for (const summary of summaries) {
    const key = summary.client_batch_id ?? `(no client id) ${summary.batch_id}`;
    held.set(key, [...(held.get(key) ?? []), summary]);
  }
  for (const [key, list] of held)
    if (list.length > 1) problems.push(`batch ${key} is on the server ${list.length} times`);
  return held;
}

interface ComparableItem {
  item_id: string;
  mentor_id: string;
  status: string;
  error?: string | null;
  activity_id?: string | null;
}

/** What the app shows of a batch, as both specs read it. */
export interface ComparableBatch {
  batch_id?: string | null;
  sync_state: string;
  label: string;
  status: string;
  total_items: number;
  completed: number;
  failed: number;
  items: readonly ComparableItem[];
}

/** Where the app's batch and the server's differ: id, sync state, label, counts, each item. */
export function batchDisagreements(where: string, batch: ComparableBatch, remote: BatchDetail): string[] {
  const problems: string[] = [];
  if (batch.batch_id !== remote.batch_id)
    problems.push(`${where}: the app maps it to ${batch.batch_id}, the server calls it ${remote.batch_id}`);
  if (batch.sync_state !== 'synced') problems.push(`${where}: sync_state ${batch.sync_state}`);
  if (batch.label !== (remote.label ?? '')) problems.push(`${where}: server label "${remote.label}"`);
  const counts = (b: { status: string; total_items: number; completed: number; failed: number }) =>
    `${b.status} ${b.total_items}/${b.completed}/${b.failed}`;
  if (counts(batch) !== counts(remote))
    problems.push(`${where}: here ${counts(batch)}, on the server ${counts(remote)}`);
  const view = (i: ComparableItem) =>
    JSON.stringify([i.item_id, i.mentor_id, i.status, i.error ?? null, i.activity_id ?? null]);
  const here = batch.items.map(view);
  const there = remote.items.map(view);
  for (let index = 0; index < Math.max(here.length, there.length); index++) {
    if (here[index] !== there[index])
      problems.push(`${where} item ${index + 1}: here ${here[index]}, on the server ${there[index]}`);
  }
  return problems;
}

/** Server batches the app does not show. */
export function serverBatchesNotInApp(
  summaries: readonly BatchSummary[],
  local: readonly { id: string }[],
): string[] {
  const localIds = new Set(local.map((b) => b.id));
  return summaries
    .filter((summary) => !summary.client_batch_id || !localIds.has(summary.client_batch_id))
    .map((summary) => `server batch ${summary.batch_id} ("${summary.label}") is not in the app`);
}
