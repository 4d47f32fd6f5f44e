import { useHashDetail } from '../batches/useHashDetail';
import { RunDetail } from './RunDetail';
import { RunList } from './RunList';
import '../settings/forms.css';
import '../batches/batches.css';
import '../expiry/expiry.css';

/** `#/runs`: the reminder runs; `#/runs/<run_id>`: one run with what it dispatched. */
export function RunsPage() {
  const runId = useHashDetail();
  return <div className="page runs">{runId ? <RunDetail key={runId} runId={runId} /> : <RunList />}</div>;
}
