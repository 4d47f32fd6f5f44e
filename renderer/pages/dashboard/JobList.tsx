import { useLiveQuery } from 'dexie-react-hooks';
import { useState } from 'react';
import type { JobRecord } from '../../../src/db';
import { jobKindLabel } from '../../../src/engine/jobs/labels';
import { useUi, type JobFilter } from '../../app/store';
import { Pager } from '../../components/Pager';
import { formatClockTime, type DateOrder } from '../../components/dates';
import { JOB_STATUS, badgeClass } from '../../components/statusTones';
import { useDateOrder } from '../../components/useDateOrder';
import { useNow } from '../../hooks/useNow';
import { db } from '../../database/db';

const number = new Intl.NumberFormat();

interface JobRow {
  job: JobRecord;
  /** what the coordinator calls the subject (a batch's label) */
  subjectLabel?: string;
}

interface JobPage {
  rows: JobRow[];
  total: number;
}

async function loadJobs(filter: JobFilter, page: number, limit: number): Promise<JobPage> {
  const all =
    filter === 'active'
      ? (await db.jobs.where('status').anyOf('queued', 'running').toArray()).sort(
          (a, b) => a.created_at - b.created_at,
        )
      : (await db.jobs.toArray()).sort((a, b) => b.created_at - a.created_at);
  const jobs = all.slice((page - 1) * limit, page * limit);
  const subjects = [...new Set(jobs.map((j) => j.subject).filter((s): s is string => !!s))];
  const batches = await db.batches.bulkGet(subjects);
  const labels = new Map(batches.filter((b) => !!b).map((b) => [b.id, b.label]));
  return {
    rows: jobs.map((job) => ({ job, subjectLabel: job.subject ? labels.get(job.subject) : undefined })),
    total: all.length,
  };
}

function progressWords(job: JobRecord): string {
  if (job.progress_total <= 0) return '';
  const percent = Math.floor((job.progress_done / job.progress_total) * 100);
  return `${number.format(job.progress_done)} of ${number.format(job.progress_total)} (${percent}%)`;
}

/** One sentence on where a job stands: "Running: 30 of 120 (25%), queued at 10:42". */
export function jobSentence(job: JobRecord, order: DateOrder, now: number): string {
  const queued = `queued at ${formatClockTime(job.created_at, order, now)}`;
  const at = formatClockTime(job.updated_at, order, now);
  const progress = progressWords(job);
  const attempts = job.attempts > 1 ? ` after ${job.attempts} attempts` : '';
  switch (job.status) {
    case 'queued':
      return `Waiting to start, ${queued}`;
    case 'running':
      return `Running${progress ? `: ${progress}` : ''}, ${queued}`;
    case 'done':
      return `Finished at ${at}${progress ? `: ${progress}` : ''}${attempts}`;
    case 'failed':
      return `Stopped at ${at}${attempts}${progress ? ` with ${progress} done` : ''}`;
    case 'cancelled':
      return `Cancelled at ${at}${progress ? ` with ${progress} done` : ''}`;
  }
}

/** The engine's jobs with their progress, live: what runs now, or the recent ones page by page. */
export function JobList() {
  const filter = useUi((s) => s.jobFilter);
  const setFilter = useUi((s) => s.setJobFilter);
  const [page, setPage] = useState(1);
  const [limit, setLimit] = useState(10);
  const order = useDateOrder();
  const now = useNow(30_000);
  const result = useLiveQuery(() => loadJobs(filter, page, limit), [filter, page, limit]);

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
              onClick={() => {
                setFilter(value);
                setPage(1);
              }}
            >
              {value === 'active' ? 'Active' : 'Recent'}
            </button>
          ))}
        </div>
      </header>
      {result === undefined ? (
        <p className="muted">Loading…</p>
      ) : result.total === 0 ? (
        <p className="empty">
          {filter === 'active' ? 'No job is queued or running.' : 'No job has run yet.'}
        </p>
      ) : (
        <ul className="jobs" aria-label="Jobs">
          {result.rows.map(({ job, subjectLabel }) => {
            const name = `${jobKindLabel(job.kind)}${subjectLabel ? `: ${subjectLabel}` : ''}`;
            const status = JOB_STATUS[job.status];
            return (
              <li key={job.id} className="job" aria-label={name}>
                <div className="job-head">
                  <span className="job-name">{name}</span>
                  <span className={badgeClass(status.tone)}>{status.label}</span>
                </div>
                {(job.status === 'running' || job.status === 'queued') && (
                  <progress
                    className="job-progress"
                    aria-label={`Progress of ${name}`}
                    max={Math.max(job.progress_total, 1)}
                    value={job.progress_total > 0 ? job.progress_done : 0}
                  />
                )}
                <p className="job-meta muted">{jobSentence(job, order, now)}</p>
                {job.error && <p className="job-error">{job.error}</p>}
              </li>
            );
          })}
        </ul>
      )}
      {result !== undefined && result.total > limit && (
        <Pager
          page={page}
          limit={limit}
          total={result.total}
          noun={['job', 'jobs']}
          onPage={setPage}
          onLimit={(next) => {
            setLimit(next);
            setPage(1);
          }}
        />
      )}
    </section>
  );
}
