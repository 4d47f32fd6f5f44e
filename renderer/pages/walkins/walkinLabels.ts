import type { SyncState } from '../../../src/db';
import type { WalkinLocalRecord } from '../../../src/db';

export const STATE_LABEL: Record<WalkinLocalRecord['local_state'], string> = {
  draft: 'Draft',
  submitted: 'Submitted',
  authorized: 'Authorized',
  archived: 'Archived',
};

export const SYNC_LABEL: Record<SyncState, string> = {
  local: 'On this computer only',
  pushing: 'Waiting to sync',
  synced: 'Synced',
  rejected: 'Refused by the server',
};

const money = new Intl.NumberFormat(undefined, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const hours = new Intl.NumberFormat(undefined, { maximumFractionDigits: 2 });

/** Hundredths as money text (`45050` -> `450.50`). */
export const formatAmount = (hundredths: number) => money.format(hundredths / 100);
/** Hundredths as hours text (`150` -> `1.5`). */
export const formatHours = (hundredths: number) => hours.format(hundredths / 100);
