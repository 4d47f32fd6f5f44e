import { useLiveQuery } from 'dexie-react-hooks';
import { loadOutcomesByDay, type DayOutcomes } from '../../../../src/dashboard';
import { formatDayMonth, localIsoDate, type DateOrder } from '../../../components/dates';
import { useDateOrder } from '../../../components/useDateOrder';
import { db } from '../../../database/db';
import { useNow } from '../../../hooks/useNow';
import { BarChart } from './BarChart';
import { baseOptions, tokenColour, type BarConfig } from './chartSetup';

const DAYS = 30;
const number = new Intl.NumberFormat();

const localDay = (iso: string) => localIsoDate(new Date(iso));

export function outcomesSummary(days: readonly DayOutcomes[], order: DateOrder): string {
  const total = (key: 'succeeded' | 'failed' | 'cancelled') => days.reduce((sum, d) => sum + d[key], 0);
  const succeeded = total('succeeded');
  const failed = total('failed');
  const cancelled = total('cancelled');
  if (succeeded + failed + cancelled === 0) return `No item was submitted in the last ${DAYS} days.`;
  const busiest = days.reduce((best, d) =>
    d.succeeded + d.failed + d.cancelled > best.succeeded + best.failed + best.cancelled ? d : best,
  );
  return (
    `Items of the last ${DAYS} days: ${number.format(succeeded)} succeeded, ${number.format(failed)} failed, ` +
    `${number.format(cancelled)} cancelled. The busiest day was ${formatDayMonth(busiest.day, order)} with ` +
    `${number.format(busiest.succeeded + busiest.failed + busiest.cancelled)} items.`
  );
}

function config(days: readonly DayOutcomes[], order: DateOrder): BarConfig {
  const series = (label: string, key: 'succeeded' | 'failed' | 'cancelled', token: string) => ({
    label,
    data: days.map((d) => d[key]),
    backgroundColor: tokenColour(token),
  });
  return {
    type: 'bar',
    data: {
      labels: days.map((d) => formatDayMonth(d.day, order)),
      datasets: [
        series('Succeeded', 'succeeded', '--ok'),
        series('Failed', 'failed', '--danger'),
        series('Cancelled', 'cancelled', '--neutral'),
      ],
    },
    options: baseOptions(true),
  };
}

/** Outcomes of the last 30 days' items by day, as a stacked bar chart and as a table. */
export function OutcomesChart() {
  const today = localIsoDate(new Date(useNow(60_000)));
  const order = useDateOrder();
  const days = useLiveQuery(() => loadOutcomesByDay(db, today, localDay, DAYS), [today]);
  const busy = days?.filter((d) => d.succeeded + d.failed + d.cancelled > 0) ?? [];
  return (
    <section className="card chart-card" aria-labelledby="outcomes-chart-title">
      <header className="card-header">
        <h2 id="outcomes-chart-title">Item outcomes, last {DAYS} days</h2>
      </header>
      {days === undefined ? (
        <p className="muted">Loading…</p>
      ) : (
        <figure className="chart-figure">
          <BarChart
            config={() => config(days, order)}
            labelledBy="outcomes-chart-summary"
            dataKey={`${order}|${JSON.stringify(days)}`}
          />
          <figcaption id="outcomes-chart-summary" className="muted small">
            {outcomesSummary(days, order)}
          </figcaption>
          {busy.length > 0 && (
            <details className="chart-table">
              <summary>Show the figures</summary>
              <table className="data-table" aria-label="Item outcomes by day">
                <thead>
                  <tr>
                    <th scope="col">Day</th>
                    <th scope="col" className="num">
                      Succeeded
                    </th>
                    <th scope="col" className="num">
                      Failed
                    </th>
                    <th scope="col" className="num">
                      Cancelled
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {busy.map((d) => (
                    <tr key={d.day}>
                      <th scope="row">{formatDayMonth(d.day, order)}</th>
                      <td className="num">{number.format(d.succeeded)}</td>
                      <td className="num">{number.format(d.failed)}</td>
                      <td className="num">{number.format(d.cancelled)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </details>
          )}
        </figure>
      )}
    </section>
  );
}
