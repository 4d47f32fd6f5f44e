import type { RecordSubject } from './syncRecords';

/** The batch or run an entry is about, linked to its page while it is still on this computer. */
export function SubjectLink({ subject }: { subject: RecordSubject }) {
  if (subject.id === undefined || subject.kind === 'unknown') return <>{subject.name}</>;
  const page = subject.kind === 'batch' ? 'batches' : 'runs';
  return <a href={`#/${page}/${encodeURIComponent(subject.id)}`}>{subject.name}</a>;
}
