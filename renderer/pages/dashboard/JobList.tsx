import { useLiveQuery } from 'dexie-react-hooks';
import type { JobRecord, JobStatus } from '../../../src/db';
import { useUi, type JobFilter } from '../../app/store';
import { db } from '../../database/db';

const KIND_LABEL: Record<string, string> = {
  'batch.process': 'Process batch',
};

const STATUS_LABEL: Record<JobStatus, string> = {
  queued: 'Queued',
  running: 'Running',
  done: 'Done',
  failed: 'Failed',
  cancelled: 'Cancelled',
};

/** How many finished jobs "All" lists, newest first. */
const RECENT_LIMIT = 50;

const number = new Intl.NumberFormat();
const time = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

interface JobRow {
  job: JobRecord;
  /** what the coordinator calls the subject (a batch's label) */
  subjectLabel?: string;
}

async function loadJobs(filter: JobFilter): Promise<JobRow[]> {
  const jobs =
    filter === 'active'
      ? await db.jobs.where('status').anyOf('queued', 'running').toArray()
      : (await db.jobs.toArray()).sort((a, b) => b.created_at - a.created_at).slice(0, RECENT_LIMIT);
  if (filter === 'active') jobs.sort((a, b) => a.created_at - b.created_at);
  const subjects = [...new Set(jobs.map((j) => j.subject).filter((s): s is string => !!s))];
  const batches = await db.batches.bulkGet(subjects);
  const labels = new Map(batches.filter((b) => !!b).map((b) => [b.id, b.label]));
  return jobs.map((job) => ({ job, subjectLabel: job.subject ? labels.get(job.subject) : undefined }));
}

function percent(job: JobRecord): number {
  return job.progress_total > 0 ? Math.floor((job.progress_done / job.progress_total) * 100) : 0;
}

/** The engine's jobs with their progress, live. */
export function JobList() {
  const filter = useUi((s) => s.jobFilter);
  const setFilter = useUi((s) => s.setJobFilter);
  const rows = useLiveQuery(() => loadJobs(filter), [filter]);

  return (
    <section className="card" aria-labelledby="jobs-title">
      <header className="card-header">
        <h2 id="jobs-title">Background jobs</h2>
        <div className="segmented" role="group" aria-label="Show jobs">
          {(['active', 'all'] as const).map((value) => (
            <button
              key={value}
              type="button"
              className="segmented-button"
              aria-pressed={filter === value}
              onClick={() => setFilter(value)}
            >
              {value === 'active' ? 'Active' : 'Recent'}
            </button>
          ))}
        </div>
      </header>
      {rows === undefined ? (
        <p className="muted">Loading…</p>
      ) : rows.length === 0 ? (
        <p className="empty">
          {filter === 'active' ? 'No job is queued or running.' : 'No job has run yet.'}
        </p>
      ) : (
        <ul className="jobs" aria-label="Jobs">
          {rows.map(({ job, subjectLabel }) => {
            const name = `${KIND_LABEL[job.kind] ?? job.kind}${subjectLabel ? `: ${subjectLabel}` : ''}`;
            return (
              <li key={job.id} className="job" aria-label={name}>
                <div className="job-head">
                  <span className="job-name">{name}</span>
                  <span className={`badge badge-${job.status}`}>{STATUS_LABEL[job.status]}</span>
                </div>
                <progress
                  className="job-progress"
                  aria-label={`Progress of ${name}`}
                  max={Math.max(job.progress_total, 1)}
                  value={job.progress_total > 0 ? job.progress_done : job.status === 'done' ? 1 : 0}
                />
                <div className="job-meta muted">
                  <span>
                    {job.progress_total > 0
                      ? `${number.format(job.progress_done)} of ${number.format(job.progress_total)} (${percent(job)}%)`
                      : job.status === 'queued'
                        ? 'Waiting to start'
                        : ''}
                  </span>
                  <span>
                    Queued {time.format(job.created_at)}
                    {job.attempts > 1 ? ` · attempt ${job.attempts}` : ''}
                  </span>
                </div>
                {job.error && <p className="job-error">{job.error}</p>}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
