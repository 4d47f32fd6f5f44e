/**
 * What the workers' claims share. A claim is a lease: a token and an expiry written on the claimed row,
 * taken with FOR UPDATE SKIP LOCKED so several server processes share the work; a lease that ran out
 * (rather than being freed) means its worker died, and the next claimer takes the work over.
 */

/**
 * A worker transaction is all or nothing and a lost one is redone from its lease, so it need not wait for
 * the WAL flush: a crash can only lose whole steps, never half of one.
 */
export const ASYNC_COMMIT = 'SET LOCAL synchronous_commit = off';

/** A lease length as a PostgreSQL interval parameter (`now() + $n::interval`). */
export const leaseInterval = (ms: number) => `${ms} milliseconds`;
