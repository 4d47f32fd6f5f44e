import type { RunStatus } from '../../../src/contract/expiryOrchestration';
import { RUN_STATUS, badgeClass, labelsOf } from '../../components/statusTones';

export const RUN_STATUS_LABEL: Record<RunStatus, string> = labelsOf(RUN_STATUS);

export function runStatusBadgeClass(status: RunStatus): string {
  return badgeClass(RUN_STATUS[status].tone);
}

/** Who started a run, as a coordinator says it; runs pulled from the server keep their own name. */
export function triggeredByLabel(triggeredBy: string): string {
  if (triggeredBy === 'desktop-scheduler') return 'Daily schedule';
  if (triggeredBy === 'admin_manual') return 'Run now';
  if (triggeredBy === 'roster-change') return 'Roster change';
  return triggeredBy;
}
