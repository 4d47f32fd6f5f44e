import { AttentionPanel } from './AttentionPanel';
import { BatchCounts } from './BatchCounts';
import { DashboardCharts } from './charts/DashboardCharts';
import { JobList } from './JobList';
import { NotificationPrompt } from './NotificationPrompt';
import { TodayEvents } from './TodayEvents';
import './dashboard.css';

export function DashboardPage() {
  return (
    <div className="page dashboard">
      <NotificationPrompt />
      <AttentionPanel />
      <BatchCounts />
      <DashboardCharts />
      <JobList />
      <TodayEvents />
    </div>
  );
}
