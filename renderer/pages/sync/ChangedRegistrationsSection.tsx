import type { RegistrationRecord } from '../../../src/db';
import { acknowledgeRegistrationChanges } from '../../../src/sync/kinds/registrationChanges';
import { describeOutcome } from '../../../src/sync/kinds/registrationKind';
import { requestSync } from '../../../src/sync/syncer';
import { db } from '../../database/db';

/**
 * Registrations whose answer from the server differed from what this computer had decided (a
 * seat limit reached, a transfer that found another event). The server's outcome is the one
 * shown everywhere; this list stays until the coordinator marks it as seen.
 */
export function ChangedRegistrationsSection({
  registrations,
}: {
  registrations: RegistrationRecord[] | undefined;
}) {
  if (registrations === undefined || registrations.length === 0) return null;
  return (
    <section className="card" aria-labelledby="changed-registrations-title">
      <header className="card-header">
        <h2 id="changed-registrations-title">Registrations the server changed</h2>
        <button
          type="button"
          className="button button-quiet"
          onClick={() => void markSeen(registrations.map((r) => r.registration_id))}
        >
          Mark as seen
        </button>
      </header>
      <table className="data-table" aria-label="Changed registrations">
        <thead>
          <tr>
            <th scope="col">Registration</th>
            <th scope="col">Was here</th>
            <th scope="col">Now</th>
          </tr>
        </thead>
        <tbody>
          {registrations.map((r) => (
            <tr key={r.registration_id}>
              <td>
                <a href={`#/registrations/${encodeURIComponent(r.registration_id)}`}>
                  {r.learner.first_name} {r.learner.last_name} · {r.code}
                </a>
              </td>
              <td>{r.outcome_changed?.from}</td>
              <td>{describeOutcome(r)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

async function markSeen(ids: readonly string[]): Promise<void> {
  await acknowledgeRegistrationChanges(db, ids);
  // the status bar's count is republished by the next cycle
  await requestSync(db, 'change', Date.now());
}
