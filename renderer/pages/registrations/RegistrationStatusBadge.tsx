import type { RegistrationRecord } from '../../../src/db';

/** Active or Cancelled, and whether the server has it yet. */
export function RegistrationStatusBadge({ registration }: { registration: RegistrationRecord }) {
  return (
    <>
      {registration.status === 'active' ? (
        <span className="badge badge-done">Active</span>
      ) : (
        <span className="badge badge-failed">Cancelled</span>
      )}
      {registration.sync_state === 'rejected' ? (
        <span className="small"> · refused by the server (see Sync)</span>
      ) : (
        registration.sync_state !== 'synced' && <span className="muted small"> · not synced yet</span>
      )}
    </>
  );
}
