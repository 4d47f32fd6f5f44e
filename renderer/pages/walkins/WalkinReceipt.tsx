import type { WalkinLocalRecord } from '../../../src/db';
import { toHundredths } from '../../../src/domain/hundredths';
import { walkinAnswer } from '../../../src/domain/walkinTransaction';
import { formatAmount, formatHours } from './walkinLabels';

const time = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const when = (iso: string | null) => (iso ? time.format(new Date(iso)) : '—');

/**
 * The printable receipt: the server's answer once it came (its section ids, `is_provisional`,
 * dates), else the transaction as this laptop made it, marked as not yet confirmed.
 */
export function WalkinReceipt({ record }: { record: WalkinLocalRecord }) {
  const confirmed = record.server !== undefined && record.server.submitted_datetime !== null;
  const answer = confirmed ? record.server! : record.local ? walkinAnswer(record.local) : undefined;
  if (!answer) return null;
  const p = answer.person;
  const total = answer.registrations.reduce((sum, r) => sum + toHundredths(r.amount), 0);
  const name = [p.prefix, p.first_name, p.middle_name, p.last_name].filter(Boolean).join(' ');
  return (
    <section className="card walkin-receipt" aria-labelledby="receipt-title">
      <header className="card-header">
        <h2 id="receipt-title">Registration receipt</h2>
      </header>
      {!confirmed && (
        <p className="muted" data-testid="receipt-provisional">
          Not yet confirmed by the server: section ids are given when this walk-in syncs.
        </p>
      )}
      <dl className="walkin-facts">
        <dt>Transaction</dt>
        <dd data-testid="receipt-transaction">{answer.transaction_uuid}</dd>
        <dt>Term</dt>
        <dd>{p.reporting_term}</dd>
        <dt>Name</dt>
        <dd>
          {name}
          {p.preferred_name ? ` (${p.preferred_name})` : ''}
        </dd>
        {p.email && (
          <>
            <dt>Email</dt>
            <dd>{p.email}</dd>
          </>
        )}
        {p.phone_cell && (
          <>
            <dt>Cell phone</dt>
            <dd>{p.phone_cell}</dd>
          </>
        )}
        <dt>Submitted</dt>
        <dd>{when(answer.submitted_datetime)}</dd>
        <dt>Authorized</dt>
        <dd>{when(answer.authorized_datetime)}</dd>
      </dl>
      <table className="data-table walkin-receipt-table">
        <thead>
          <tr>
            <th scope="col">Course</th>
            <th scope="col">Title</th>
            <th scope="col">Kind</th>
            <th scope="col" className="num">
              Hours
            </th>
            <th scope="col" className="num">
              Amount
            </th>
            <th scope="col">Section id</th>
            <th scope="col">Status</th>
          </tr>
        </thead>
        <tbody>
          {answer.registrations.map((r) => (
            <tr key={r.section_uuid}>
              <td>
                {r.course_name} {r.section_code}
              </td>
              <td>{r.course_title}</td>
              <td>{r.is_audit ? 'Audit' : 'Credit'}</td>
              <td className="num">{formatHours(sectionHours(record, r.section_uuid))}</td>
              <td className="num">{formatAmount(toHundredths(r.amount))}</td>
              <td className="receipt-section-id">
                {confirmed ? r.student_section_uuid : 'Given when synced'}
              </td>
              <td>{r.is_provisional ? 'Provisional' : 'Confirmed'}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row" colSpan={3}>
              Credit hours {formatHours(toHundredths(answer.credit_hours))} · Audit hours{' '}
              {formatHours(toHundredths(answer.audit_hours))}
            </th>
            <td />
            <td className="num" data-testid="receipt-total">
              {formatAmount(total)}
            </td>
            <td colSpan={2} />
          </tr>
        </tfoot>
      </table>
    </section>
  );
}

/** A section's credit hours in hundredths (the answer does not carry them per section; the local copy does). */
function sectionHours(record: WalkinLocalRecord, sectionUuid: string): number {
  return record.local?.registrations.find((r) => r.section_uuid === sectionUuid)?.credit_hours ?? 0;
}
