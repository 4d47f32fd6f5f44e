import type { Threshold } from '../../../src/domain/expiry';
import type { MentorState } from '../../../src/expiry/roster';
import { badgeClass, expiryStateView } from '../../components/statusTones';

/** How a threshold or a mentor's state reads on screen: "Expired", "Within 7 days", "Fine". */
export function stateLabel(state: MentorState): string {
  return expiryStateView(state).label;
}

/** The badge for a state: the nearer the expiry, the louder (statusTones.ts decides). */
export function stateBadgeClass(state: MentorState): string {
  return badgeClass(expiryStateView(state).tone);
}

/** "in 12 days", "today", "3 days ago" */
export function daysLeftLabel(daysLeft: number): string {
  if (daysLeft === 0) return 'today';
  if (daysLeft === 1) return 'tomorrow';
  if (daysLeft === -1) return 'yesterday';
  return daysLeft > 0 ? `in ${daysLeft} days` : `${-daysLeft} days ago`;
}

/** The states a coordinator can filter on, most urgent first, from the configured thresholds. */
export function filterableStates(thresholds: readonly Threshold[]): MentorState[] {
  return [...[...thresholds].reverse(), 'fine'];
}
