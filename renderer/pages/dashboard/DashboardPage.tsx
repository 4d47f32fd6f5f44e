import { BatchCounts } from './BatchCounts';
import { JobList } from './JobList';
import { NotificationPrompt } from './NotificationPrompt';

export function DashboardPage() {
  return (
    <div className="page dashboard">
      <NotificationPrompt />
      <BatchCounts />
      <JobList />
    </div>
  );
}
