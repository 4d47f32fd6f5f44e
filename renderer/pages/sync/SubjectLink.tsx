import type { RecordSubject } from './syncRecords';

/** The record an entry is about, linked to its page while it is still on this computer. */
export function SubjectLink({ subject }: { subject: RecordSubject }) {
  if (subject.id === undefined || subject.page === undefined) return <>{subject.name}</>;
  return <a href={`#/${subject.page}/${encodeURIComponent(subject.id)}`}>{subject.name}</a>;
}
