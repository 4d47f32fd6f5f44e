import type { JobHandler } from '../api';
import { EXPIRY_RUN_JOB, expiryRunHandler } from '../../expiry/runJob';
import { PROCESS_BATCH_JOB, processBatch } from './processBatch';
import { SYNC_JOB_KIND, runSyncJob } from '../../sync/syncer';

/**
 * Every job kind the engine knows, keyed by `JobRecord.kind`. Hosts pass this to
 * `createEngine`; each capability adds its handler here.
 */
export const jobHandlers: Record<string, JobHandler> = {
  [EXPIRY_RUN_JOB]: expiryRunHandler,
  [PROCESS_BATCH_JOB]: processBatch,
  [SYNC_JOB_KIND]: runSyncJob,
};
