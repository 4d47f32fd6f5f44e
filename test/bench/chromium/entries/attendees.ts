/**
 * Page side of `attendees.bench.ts`: a 10,000-person .xlsx for one event, from its bytes to every
 * registration stored locally with its 200 job records and outbox entries, in Chromium's
 * IndexedDB, through the functions the import worker runs (read, prepare, validate, importPeople).
 * The three phases are reported as the batch import's are: reading the file, checking the rows
 * (matching and validation) and storing them.
 */
import { importPeople } from '../../../../src/attendees/importPeople';
import { AppDatabase } from '../../../../src/db';
import {
  acceptedValues,
  prepareImport,
  readWorkbookAsync,
  validateRows,
  writeWorkbook,
} from '../../../../src/import';
import { benchLog, defineBench } from '../benchPage';

interface Args {
  people: number;
}

function peopleWorkbook(count: number): Uint8Array {
  const rows: (string | number | null)[][] = [
    [
      'First name',
      'Last name',
      'Email',
      'Phone',
      'Assessment code',
      'Accommodations',
      'Extra time (minutes)',
    ],
  ];
  for (let i = 1; i <= count; i++) {
    rows.push([
      `First${i}`,
      `Last${i}`,
      `person${i}@example.org`,
      `+44 20 ${i}`,
      'IELTS-AC',
      i % 10 === 0 ? 'Reader' : null,
      i % 20 === 0 ? 30 : null,
    ]);
  }
  return writeWorkbook([{ name: 'People', rows }]);
}

/**
 * What the import left in each table it writes: records and index entries (one per record and
 * index, one per word of a multi-entry index), the two things IndexedDB pays for per write. The
 * bench's database starts with one event and one form, so these are the import's own writes.
 */
async function writtenEntries(db: AppDatabase): Promise<string[]> {
  const lines: string[] = [];
  for (const table of [db.learners, db.registrations, db.attendeeJobs, db.outbox, db.events]) {
    const records = await table.count();
    const perIndex: string[] = [];
    let entries = 0;
    for (const index of table.schema.indexes) {
      const keys = (await table.orderBy(index.name).keys()).length;
      entries += keys;
      perIndex.push(`${index.name} ${keys}`);
    }
    lines.push(`${table.name} ${records} records + ${entries} index entries (${perIndex.join(', ')})`);
  }
  return lines;
}

defineBench(async (raw) => {
  const { people } = raw as Args;
  const db = new AppDatabase();
  await db.open();
  const now = new Date().toISOString();
  const eventId = crypto.randomUUID();
  await db.events.put({
    event_id: eventId,
    event_venue: crypto.randomUUID(),
    event_start: '2026-06-01T09:00:00.000Z',
    event_exam_type: 'ielts',
    event_exam_format: 'paper',
    event_billing_code: 'B1',
    registration_limit: null,
    status: 'scheduled',
    cancellation_reason: null,
    registered_count: 0,
    coordinator_id: 'coord-119',
    created_at: now,
    updated_at: now,
    sync_state: 'synced',
    local_date: '2026-06-01',
  });
  await db.assessmentForms.put({
    assessment_form_id: crypto.randomUUID(),
    code: 'IELTS-AC',
    title: 'IELTS Academic',
    exam_type: 'ielts',
    published: true,
    bilingual: false,
    updated_at: now,
    pulled_at: Date.now(),
  });
  const bytes = peopleWorkbook(people);
  benchLog(`${people} people: ${(bytes.length / 1024).toFixed(0)} KB`);

  const started = performance.now();
  const workbook = await readWorkbookAsync(bytes, { fileName: 'people.xlsx' });
  const read = performance.now();
  const prepared = prepareImport(workbook, { kind: 'attendees' });
  const state = validateRows(prepared.table, prepared.proposal.mapping, 'attendees', {
    dateOrder: 'DMY',
    assessmentCodes: ['IELTS-AC'],
  });
  const values = acceptedValues(state);
  const checked = performance.now();
  const result = await importPeople(db, {
    eventId,
    label: 'Bench',
    people: values.map((row, i) => ({ row, rowNumber: i + 2 })),
  });
  const ms = performance.now() - started;
  const stored = await db.registrations.where('event_id').equals(eventId).count();
  const jobs = await db.attendeeJobs.where('import_id').equals(result.importId).count();
  if (stored !== people || jobs !== Math.ceil(people / 50)) {
    throw new Error(`stored ${stored} registrations and ${jobs} jobs for ${people} people`);
  }
  const phases = {
    attendee_import_10k_read_ms: Math.round(read - started),
    attendee_import_10k_check_ms: Math.round(checked - read),
    attendee_import_10k_store_ms: Math.round(started + ms - checked),
  };
  benchLog(
    `read ${phases.attendee_import_10k_read_ms} ms, checked ${phases.attendee_import_10k_check_ms} ms, stored ${phases.attendee_import_10k_store_ms} ms`,
  );
  benchLog(`written: ${(await writtenEntries(db)).join('; ')}`);
  db.close();
  return { attendee_import_10k_ms: Math.round(ms), ...phases };
});
