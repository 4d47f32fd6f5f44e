import { useLiveQuery } from 'dexie-react-hooks';
import { loadExpiriesByWeek, type WeekExpiries } from '../../../../src/dashboard';
import { formatDayMonth, localIsoDate, type DateOrder } from '../../../components/dates';
import { useDateOrder } from '../../../components/useDateOrder';
import { db } from '../../../database/db';
import { useNow } from '../../../hooks/useNow';
import { BarChart } from './BarChart';
import { baseOptions, tokenColour, type BarConfig } from './chartSetup';

const DAYS = 90;
const number = new Intl.NumberFormat();

function weekLabel(week: WeekExpiries, order: DateOrder): string {
  return `${formatDayMonth(week.from, order)} – ${formatDayMonth(week.to, order)}`;
}

export function expirySummary(weeks: readonly WeekExpiries[], order: DateOrder): string {
  const total = weeks.reduce((sum, w) => sum + w.count, 0);
  if (total === 0) return `No certification expires in the next ${DAYS} days.`;
  const first = weeks[0]!;
  const busiest = weeks.reduce((best, w) => (w.count > best.count ? w : best));
  return (
    `${number.format(total)} ${total === 1 ? 'certification expires' : 'certifications expire'} in the next ${DAYS} days, ` +
    `${number.format(first.count)} of them within 7 days (${weekLabel(first, order)}). ` +
    `The most in one week: ${number.format(busiest.count)}, ${weekLabel(busiest, order)}.`
  );
}

function config(weeks: readonly WeekExpiries[], order: DateOrder): BarConfig {
  const urgent = tokenColour('--warning');
  const later = tokenColour('--info');
  return {
    type: 'bar',
    data: {
      labels: weeks.map((w) => formatDayMonth(w.from, order)),
      datasets: [
        {
          label: 'Certifications expiring (week starting)',
          data: weeks.map((w) => w.count),
          // the first week is "within 7 days": urgent (amber), as its badges are
          backgroundColor: weeks.map((_, i) => (i === 0 ? urgent : later)),
        },
      ],
    },
    options: baseOptions(false),
  };
}

/** Certifications expiring in the next 90 days by week, as a bar chart and as a table. */
export function ExpiryChart() {
  const today = localIsoDate(new Date(useNow(60_000)));
  const order = useDateOrder();
  const weeks = useLiveQuery(() => loadExpiriesByWeek(db, today, DAYS), [today]);
  return (
    <section className="card chart-card" aria-labelledby="expiry-chart-title">
      <header className="card-header">
        <h2 id="expiry-chart-title">Certifications expiring, next {DAYS} days</h2>
        <a className="muted" href="#/mentors">
          All mentors
        </a>
      </header>
      {weeks === undefined ? (
        <p className="muted">Loading…</p>
      ) : (
        <figure className="chart-figure">
          <BarChart
            config={() => config(weeks, order)}
            labelledBy="expiry-chart-summary"
            dataKey={`${order}|${JSON.stringify(weeks)}`}
          />
          <figcaption id="expiry-chart-summary" className="muted small">
            {expirySummary(weeks, order)}
          </figcaption>
          <details className="chart-table">
            <summary>Show the figures</summary>
            <table className="data-table" aria-label="Certifications expiring by week">
              <thead>
                <tr>
                  <th scope="col">Week</th>
                  <th scope="col" className="num">
                    Expiring
                  </th>
                </tr>
              </thead>
              <tbody>
                {weeks.map((w) => (
                  <tr key={w.from}>
                    <th scope="row">{weekLabel(w, order)}</th>
                    <td className="num">{number.format(w.count)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </details>
        </figure>
      )}
    </section>
  );
}
