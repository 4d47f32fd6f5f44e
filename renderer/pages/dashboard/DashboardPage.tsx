import { BatchCounts } from './BatchCounts';
import { JobList } from './JobList';
import { NotificationPrompt } from './NotificationPrompt';
import { TodayEvents } from './TodayEvents';

export function DashboardPage() {
  return (
    <div className="page dashboard">
      <NotificationPrompt />
      <BatchCounts />
      <JobList />
      <TodayEvents />
    </div>
  );
}
