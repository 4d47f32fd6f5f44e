import { z } from 'zod';
import { Expiration } from '../contract';

/**
 * One row of a mentor roster: the contract's `Expiration` (what an expiry run evaluates) plus the
 * mentor's name and optional email, which the mentors page shows.
 */
export const RosterEntry = Expiration.extend({
  name: z.string().trim().min(1, 'Name is required').max(200, 'Name is at most 200 characters'),
  email: z.email('Not a valid email address').max(254).optional(),
});
export type RosterEntry = z.infer<typeof RosterEntry>;
