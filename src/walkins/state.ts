import type { WalkinTransaction } from '../contract';
import type { WalkinLocalRecord } from '../db/fieldRecords';

/** Where a walk-in stands, from the server's answer and the local record: pure, no sync imports. */

/** The walk-in's state as the server's answer says. */
export function serverState(answer: WalkinTransaction): WalkinLocalRecord['local_state'] {
  if (answer.archived_datetime !== null) return 'archived';
  if (answer.authorized_datetime !== null) return 'authorized';
  if (answer.submitted_datetime !== null) return 'submitted';
  return 'draft';
}

const ORDER: readonly WalkinLocalRecord['local_state'][] = ['draft', 'submitted', 'authorized', 'archived'];

/** The further along of the two: a PUT's answer (a draft) never moves a submitted walk-in back. */
export function furtherState(
  a: WalkinLocalRecord['local_state'],
  b: WalkinLocalRecord['local_state'],
): WalkinLocalRecord['local_state'] {
  return ORDER.indexOf(a) >= ORDER.indexOf(b) ? a : b;
}
