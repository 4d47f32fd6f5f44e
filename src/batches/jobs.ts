/** The job kind that processes a batch's pending items (handler: `engine/jobs/processBatch`). */
export const PROCESS_BATCH_JOB = 'batch.process';
