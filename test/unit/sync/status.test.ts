import { describe, expect, it } from 'vitest';
import { IDLE_STATUS, unreachableSince, type SyncState } from '../../../src/sync/status';

describe('unreachableSince', () => {
  const since = { ...IDLE_STATUS, state: 'offline' as const, unreachable_since: 1_000 };
  it.each<[string, typeof IDLE_STATUS, SyncState, boolean, number | undefined]>([
    ['the first cycle without an answer starts the clock', IDLE_STATUS, 'offline', true, 5_000],
    ['later ones keep when it started', since, 'offline', true, 1_000],
    ['a cycle under way keeps it', since, 'syncing', true, 1_000],
    ['an answer clears it', since, 'idle', true, undefined],
    ['a server that answers with an error clears it too', since, 'error', true, undefined],
    ['the computer offline is the network figure, not the server', since, 'offline', false, undefined],
  ])('%s', (_, previous, state, online, expected) => {
    expect(unreachableSince(previous, state, online, 5_000)).toBe(expected);
  });
});
