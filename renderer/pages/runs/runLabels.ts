import type { RunStatus } from '../../../src/contract/expiryOrchestration';

export const RUN_STATUS_LABEL: Record<RunStatus, string> = {
  running: 'Running',
  completed: 'Completed',
  failed: 'Failed',
  resolved: 'Resolved',
};

export function runStatusBadgeClass(status: RunStatus): string {
  switch (status) {
    case 'running':
      return 'badge badge-running';
    case 'completed':
      return 'badge badge-done';
    case 'failed':
      return 'badge badge-failed';
    case 'resolved':
      return 'badge';
  }
}

/** Who started a run, as a coordinator says it; runs pulled from the server keep their own name. */
export function triggeredByLabel(triggeredBy: string): string {
  if (triggeredBy === 'desktop-scheduler') return 'Daily schedule';
  if (triggeredBy === 'admin_manual') return 'Run now';
  if (triggeredBy === 'roster-change') return 'Roster change';
  return triggeredBy;
}
