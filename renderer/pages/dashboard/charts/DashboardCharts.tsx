import { ExpiryChart } from './ExpiryChart';
import { OutcomesChart } from './OutcomesChart';

/** The dashboard's two charts side by side (stacked on a narrow window). */
export function DashboardCharts() {
  return (
    <div className="dashboard-charts">
      <OutcomesChart />
      <ExpiryChart />
    </div>
  );
}
