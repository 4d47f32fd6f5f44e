import { EXPIRY_RUN_JOB } from '../../expiry/runJob';
import { SYNC_JOB_KIND } from '../../sync/syncer';
import { PROCESS_BATCH_JOB } from './processBatch';

/**
 * What each job kind is called on screen. A job kind's internal name (`sync.run`) is for the
 * engine; a kind added to `jobHandlers` without a line here reads as "Background task", never
 * as its internal name.
 */
const JOB_KIND_LABEL: Record<string, string> = {
  [PROCESS_BATCH_JOB]: 'Process batch',
  [SYNC_JOB_KIND]: 'Sync with the server',
  [EXPIRY_RUN_JOB]: 'Certification check',
};

export const UNNAMED_JOB_LABEL = 'Background task';

export function jobKindLabel(kind: string): string {
  return Object.hasOwn(JOB_KIND_LABEL, kind) ? JOB_KIND_LABEL[kind]! : UNNAMED_JOB_LABEL;
}
