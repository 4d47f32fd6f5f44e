import type { BatchStatus, ItemStatus, RunStatus } from '../../src/contract';
import { URGENT_EXPIRY_DAYS } from '../../src/dashboard';
import type { JobStatus } from '../../src/db';
import { EXPIRED, windowDays } from '../../src/domain/expiry';
import type { MentorState } from '../../src/expiry/roster';

/**
 * The one source of every status's words and colour. A status has a tone; a tone is a pair of
 * design tokens (text on background, `tokens.css`) drawn by the `.badge-<tone>` and `.stat-<tone>`
 * classes (`components.css`). `test/unit/renderer/statusTones.test.ts` reads both files and
 * checks each pair at 4.5:1 or more in light and dark, so a colour changed in the CSS is checked too.
 *
 * The tones mean one thing everywhere: `urgent` (amber) asks for action soon (partly failed, within
 * 7 days), `danger` (red) is failed or expired, `ok` is done or fine, `info` is under way or a
 * later window, `neutral` is over and needs nothing (cancelled, resolved, queued).
 */

export type Tone = 'ok' | 'info' | 'urgent' | 'danger' | 'neutral';

/** The tokens each tone draws with: `color: var(text); background: var(background)`. */
export const TONE_COLOURS: Record<Tone, { text: string; background: string }> = {
  ok: { text: '--ok', background: '--ok-bg' },
  info: { text: '--info', background: '--info-bg' },
  urgent: { text: '--warning', background: '--warning-bg' },
  danger: { text: '--danger', background: '--danger-bg' },
  // --neutral on --surface-2 is 4.24:1 in light: neutral text is the muted text colour
  neutral: { text: '--text-muted', background: '--surface-2' },
};

export interface StatusView {
  label: string;
  tone: Tone;
}

export function badgeClass(tone: Tone): string {
  return `badge badge-${tone}`;
}

export const BATCH_STATUS: Record<BatchStatus, StatusView> = {
  processing: { label: 'Processing', tone: 'info' },
  completed: { label: 'Completed', tone: 'ok' },
  partial: { label: 'Partly failed', tone: 'urgent' },
  failed: { label: 'Failed', tone: 'danger' },
  cancelled: { label: 'Cancelled', tone: 'neutral' },
};

export const ITEM_STATUS: Record<ItemStatus, StatusView> = {
  pending: { label: 'Pending', tone: 'info' },
  processing: { label: 'Processing', tone: 'info' },
  success: { label: 'Succeeded', tone: 'ok' },
  failed: { label: 'Failed', tone: 'danger' },
  cancelled: { label: 'Cancelled', tone: 'neutral' },
};

export const JOB_STATUS: Record<JobStatus, StatusView> = {
  queued: { label: 'Queued', tone: 'neutral' },
  running: { label: 'Running', tone: 'info' },
  done: { label: 'Done', tone: 'ok' },
  failed: { label: 'Failed', tone: 'danger' },
  cancelled: { label: 'Cancelled', tone: 'neutral' },
};

export const RUN_STATUS: Record<RunStatus, StatusView> = {
  running: { label: 'Running', tone: 'info' },
  completed: { label: 'Completed', tone: 'ok' },
  failed: { label: 'Failed', tone: 'danger' },
  resolved: { label: 'Resolved', tone: 'neutral' },
};

/** "Expired" (red), "Within 7 days" (amber), "Within 30 days" (blue), "Fine" (green). */
export function expiryStateView(state: MentorState): StatusView {
  if (state === 'fine') return { label: 'Fine', tone: 'ok' };
  if (state === EXPIRED) return { label: 'Expired', tone: 'danger' };
  const days = windowDays(state);
  return { label: `Within ${days} days`, tone: days <= URGENT_EXPIRY_DAYS ? 'urgent' : 'info' };
}

/** Each status's label, for the maps that only need the words. */
export function labelsOf<K extends string>(views: Record<K, StatusView>): Record<K, string> {
  return Object.fromEntries(Object.entries<StatusView>(views).map(([k, v]) => [k, v.label])) as Record<
    K,
    string
  >;
}
