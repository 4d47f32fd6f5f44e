import { describe, expect, it } from 'vitest';
import { jobHandlers } from '../../../src/engine/jobs';
import { UNNAMED_JOB_LABEL, jobKindLabel } from '../../../src/engine/jobs/labels';

/** The dashboard names jobs in words: no internal job name (`sync.run`) reaches the screen. */
describe('job kind labels', () => {
  it.each(Object.keys(jobHandlers))('the job kind %s has its own words, not its internal name', (kind) => {
    const label = jobKindLabel(kind);
    expect(label).not.toBe(UNNAMED_JOB_LABEL);
    expect(label).not.toContain(kind);
    expect(label).not.toMatch(/\w\.\w/);
  });

  it.each([
    ['sync.run', 'Sync with the server'],
    ['batch.process', 'Process batch'],
    ['expiry.run', 'Certification check'],
  ])('%s reads "%s"', (kind, label) => {
    expect(jobKindLabel(kind)).toBe(label);
  });

  it.each(['attendee.import', 'toString', '__proto__', ''])(
    'an unknown kind %j reads as a background task',
    (kind) => {
      expect(jobKindLabel(kind)).toBe(UNNAMED_JOB_LABEL);
    },
  );
});
