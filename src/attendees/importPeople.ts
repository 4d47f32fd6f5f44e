import type { AppDatabase } from '../db';
import { AppError } from '../errors/appError';
import { resolveContext, type LocalCommandOptions } from '../reference/context';
import type { PersonToRegister } from './plan';
import { storePeople, storePeopleTables } from './storePeople';

/**
 * An attendee import stored on the laptop: the event it is for, found here, then every person
 * registered locally with the desk's rules, the groups of 50 as job records and their outbox
 * entries (`storePeople`), in one transaction, so an import is stored whole or not at all (and
 * 10,000 people take one bulk write per table, not one transaction each).
 */

export class AttendeeImportError extends AppError<'event_not_found' | 'nothing_to_import'> {}

export interface ImportPeopleInput {
  eventId: string;
  /** the import's name on the job page and in the notification ("Spring sitting") */
  label: string;
  people: readonly PersonToRegister[];
  /** a retry: the import the people belong to and the job their failed tasks came from */
  importId?: string;
  retryOf?: string;
}

export interface ImportPeopleResult {
  importId: string;
  jobIds: string[];
  registered: number;
  failed: number;
}

export async function importPeople(
  db: AppDatabase,
  input: ImportPeopleInput,
  options: LocalCommandOptions = {},
): Promise<ImportPeopleResult> {
  if (input.people.length === 0) {
    throw new AttendeeImportError(
      'nothing_to_import',
      'There is nobody to register: the import has no rows to send.',
    );
  }
  const context = await resolveContext(db, options);
  const importId = input.importId ?? crypto.randomUUID();
  return db.transaction('rw', storePeopleTables(db), async () => {
    const event = await db.events.get(input.eventId);
    if (!event) {
      throw new AttendeeImportError(
        'event_not_found',
        'The event chosen for this import is no longer on this computer: choose the event again.',
      );
    }
    const stored = await storePeople(
      db,
      event,
      {
        importId,
        label: input.label,
        people: input.people,
        ...(input.retryOf ? { retryOf: input.retryOf } : {}),
      },
      context,
    );
    return { importId, ...stored };
  });
}
