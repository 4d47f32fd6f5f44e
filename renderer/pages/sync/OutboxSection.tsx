import { useNow } from '../../hooks/useNow';
import { SubjectLink } from './SubjectLink';
import { relativeTime } from './syncLabels';
import { opLabel, type OutboxRow } from './syncRecords';

/** The changes not yet accepted by the server, in the order they are sent. */
export function OutboxSection({ rows }: { rows: OutboxRow[] | undefined }) {
  const now = useNow(5_000);
  return (
    <section className="card" aria-labelledby="outbox-title">
      <header className="card-header">
        <h2 id="outbox-title">Waiting to send</h2>
      </header>
      {rows === undefined ? (
        <p className="muted">Loading…</p>
      ) : rows.length === 0 ? (
        <p className="empty">Nothing waits: every change made here has reached the server.</p>
      ) : (
        <table className="data-table" aria-label="Outbox">
          <thead>
            <tr>
              <th scope="col" className="num">
                #
              </th>
              <th scope="col">Change</th>
              <th scope="col">About</th>
              <th scope="col" className="num">
                Attempts
              </th>
              <th scope="col">Next try</th>
              <th scope="col">Last problem</th>
            </tr>
          </thead>
          <tbody>
            {rows.map(({ entry, subject, behindRefusalOf }) => (
              <tr key={entry.seq}>
                <td className="num">{entry.seq}</td>
                <td>{opLabel(entry.op)}</td>
                <td>
                  <SubjectLink subject={subject} />
                </td>
                <td className="num">{entry.attempts}</td>
                <td>
                  {behindRefusalOf ? (
                    <>
                      After the refused change to <SubjectLink subject={behindRefusalOf} /> is edited or
                      discarded (under Rejected)
                    </>
                  ) : entry.status === 'inflight' ? (
                    'Sending'
                  ) : entry.next_attempt_at <= now ? (
                    'As soon as the server answers'
                  ) : (
                    relativeTime(entry.next_attempt_at, now)
                  )}
                </td>
                <td className="muted small">{entry.last_error ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
