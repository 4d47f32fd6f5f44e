import type { Page } from '@playwright/test';
import type { Event, Learner, Registration } from '../../../src/contract';
import { DB_NAME } from './idb';
import { callServer, type ReferenceServer } from './server';

/**
 * The record-by-record comparison of field registration (issue #11): the app's learners, events
 * and registrations, read from its IndexedDB with the raw API (no app code imported, as
 * `localRecords.ts` reads batches), against the server's, read through its change feeds
 * (`updated_since` from the start, every page). `fieldDisagreements` returns one readable
 * sentence per difference; an empty list is agreement.
 *
 * What is compared is what a coordinator sees and what the server decided: names and email, an
 * event's venue, start, classes, limit, status and seat count, a registration's event, learner,
 * code, assessment, accommodations, status and the commands of its history in order (a command
 * applied twice shows twice there). Times the two sides write differently (an instant with or
 * without milliseconds) are compared as instants; `created_at`/`updated_at` are not compared.
 */

/** The kinds of record compared here, as their outbox record keys begin (`event:<id>`). */
export const FIELD_KINDS = ['learner', 'event', 'registration'] as const;

/** A local record as stored: the wire fields plus the local bookkeeping (`sync_state`, ...). */
export type LocalRow = Record<string, unknown>;

export interface LocalFieldRecords {
  learners: LocalRow[];
  events: LocalRow[];
  registrations: LocalRow[];
  /** open (pending, inflight or rejected) outbox entries of the field kinds, in seq order */
  openOutbox: Array<{ seq: number; record: string; op: string; status: string }>;
}

export interface ServerFieldRecords {
  learners: Learner[];
  events: Event[];
  registrations: Registration[];
}

/** Every learner, event and registration, and the open field outbox entries, of this profile now. */
export function readLocalFieldRecords(page: Page, dbName: string = DB_NAME): Promise<LocalFieldRecords> {
  return page.evaluate(
    async ({ name, kinds }) => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const open = indexedDB.open(name);
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(open.error);
      });
      const read = <T>(request: IDBRequest<T>) =>
        new Promise<T>((resolve, reject) => {
          request.onsuccess = () => resolve(request.result);
          request.onerror = () => reject(request.error);
        });
      try {
        const stores = ['learners', 'events', 'registrations', 'outbox'];
        const missing = stores.filter((store) => !db.objectStoreNames.contains(store));
        if (missing.length > 0) throw new Error(`${name} has no ${missing.join(', ')} store (schema < 4?)`);
        const tx = db.transaction(stores);
        const all = (store: string) =>
          read(tx.objectStore(store).getAll()) as Promise<Array<Record<string, unknown>>>;
        const [learners, events, registrations, outbox] = await Promise.all(stores.map(all));
        const fieldKind = (record: unknown) =>
          typeof record === 'string' && kinds.some((kind) => record.startsWith(`${kind}:`));
        return {
          learners: learners!,
          events: events!,
          registrations: registrations!,
          openOutbox: outbox!
            .filter((entry) => entry.status !== 'done' && fieldKind(entry.record))
            .map((entry) => ({
              seq: Number(entry.seq),
              record: String(entry.record),
              op: String(entry.op),
              status: String(entry.status),
            })),
        };
      } finally {
        db.close();
      }
    },
    { name: dbName, kinds: [...FIELD_KINDS] },
  );
}

/** Every row of one of the server's change feeds, from the start, page by page. */
async function readFeed<T>(target: Pick<ReferenceServer, 'url'>, token: string, route: string): Promise<T[]> {
  const all: T[] = [];
  const limit = 100;
  for (let page = 1; ; page++) {
    const answer = await callServer<{ data: T[]; pagination?: { total: number } }>(
      target,
      token,
      'GET',
      `${route}?updated_since=1970-01-01T00:00:00Z&page=${page}&limit=${limit}`,
    );
    if (answer.status !== 200) {
      throw new Error(`GET ${route} answered ${answer.status}: ${JSON.stringify(answer.body).slice(0, 300)}`);
    }
    all.push(...answer.body.data);
    const total = answer.body.pagination?.total;
    if (answer.body.data.length < limit || (total !== undefined && page * limit >= total)) return all;
  }
}

/** What the server holds for this token: its learners, events and registrations. */
export async function readServerFieldRecords(
  target: Pick<ReferenceServer, 'url'>,
  token: string,
): Promise<ServerFieldRecords> {
  const [learners, events, registrations] = await Promise.all([
    readFeed<Learner>(target, token, '/learners'),
    readFeed<Event>(target, token, '/events/list-events'),
    readFeed<Registration>(target, token, '/registrations'),
  ]);
  return { learners, events, registrations };
}

export interface FieldAgreementOptions {
  /**
   * Records the server holds that this profile need not have (another profile's, or the
   * server's own lax events before a pull brought them): not reported. Default: reported.
   */
  ignoreServerOnly?: boolean;
  /** A name for the profile in the sentences ("laptop A"); default "the app". */
  profile?: string;
}

const text = (value: unknown) => (value === undefined || value === null ? null : String(value));
/** An instant as epoch ms, so `...T09:00:00Z` and `...T09:00:00.000Z` are the same. */
const instant = (value: unknown) => {
  const ms = typeof value === 'string' ? Date.parse(value) : Number.NaN;
  return Number.isNaN(ms) ? text(value) : ms;
};
const show = (value: unknown) => JSON.stringify(value ?? null);

interface FieldView {
  /** the record's name in a sentence: `registration 3F9K2M7Q (Zoë Brandt)` */
  name: string;
  /** field name -> comparable value */
  fields: Record<string, unknown>;
}

function learnerView(row: LocalRow | Learner): FieldView {
  const r = row as Record<string, unknown>;
  return {
    name: `learner ${text(r.first_name)} ${text(r.last_name)} <${text(r.email)}> (${text(r.learner_id)})`,
    fields: {
      first_name: text(r.first_name),
      last_name: text(r.last_name),
      email: text(r.email),
      phone: text(r.phone),
    },
  };
}

function eventView(row: LocalRow | Event): FieldView {
  const r = row as Record<string, unknown>;
  return {
    name: `event at ${text(r.event_venue)} ${text(r.event_start)} (${text(r.event_id)})`,
    fields: {
      event_venue: text(r.event_venue),
      event_start: instant(r.event_start),
      event_exam_type: text(r.event_exam_type),
      event_exam_format: text(r.event_exam_format),
      event_billing_code: text(r.event_billing_code),
      registration_limit: r.registration_limit ?? null,
      status: text(r.status),
      cancellation_reason: text(r.cancellation_reason),
      registered_count: r.registered_count ?? null,
    },
  };
}

function registrationView(row: LocalRow | Registration): FieldView {
  const r = row as Record<string, unknown>;
  const learner = (r.learner ?? {}) as Record<string, unknown>;
  const accommodations = ((r.accommodations ?? []) as Array<Record<string, unknown>>)
    .map((a) => ({ type: text(a.type), name: text(a.name), time_extension: a.time_extension ?? null }))
    .sort((a, b) => String(a.type).localeCompare(String(b.type)));
  const history = ((r.history ?? []) as Array<Record<string, unknown>>).map((h) => text(h.command));
  return {
    name: `registration ${text(r.code)} (${text(learner.first_name)} ${text(learner.last_name)}, ${text(r.registration_id)})`,
    fields: {
      code: text(r.code),
      event_id: text(r.event_id),
      learner: [
        text(learner.learner_id),
        text(learner.first_name),
        text(learner.last_name),
        text(learner.email),
      ],
      learner_registrant_type: text(r.learner_registrant_type),
      assessment: text(r.assessment),
      assessment_form_id: text(r.assessment_form_id),
      accommodations,
      status: text(r.status),
      cancellation_reason: text(r.cancellation_reason),
      history,
    },
  };
}

/** One kind's records, matched by id: missing ones, duplicates, unsynced ones, differing fields. */
function compareKind(
  kind: string,
  idField: string,
  local: readonly LocalRow[],
  remote: ReadonlyArray<Record<string, unknown>>,
  view: (row: Record<string, unknown>) => FieldView,
  options: FieldAgreementOptions,
): string[] {
  const problems: string[] = [];
  const profile = options.profile ?? 'the app';
  const byId = new Map<string, Record<string, unknown>>();
  for (const row of remote) {
    const id = String(row[idField]);
    if (byId.has(id)) problems.push(`the server lists ${view(row).name} twice`);
    byId.set(id, row);
  }
  const localIds = new Set<string>();
  for (const row of local) {
    const id = String(row[idField]);
    localIds.add(id);
    const here = view(row);
    if (row.provisional === true) problems.push(`${profile}: ${here.name} is still provisional`);
    if (row.sync_state !== 'synced')
      problems.push(`${profile}: ${here.name} is ${text(row.sync_state)}, not synced`);
    const server = byId.get(id);
    if (!server) {
      problems.push(`${profile} has ${here.name}; the server has no ${kind} ${id}`);
      continue;
    }
    const there = view(server).fields;
    for (const [field, value] of Object.entries(here.fields)) {
      if (show(value) !== show(there[field])) {
        problems.push(
          `${here.name}: ${field} is ${show(value)} in ${profile}, ${show(there[field])} on the server`,
        );
      }
    }
  }
  if (!options.ignoreServerOnly) {
    for (const [id, row] of byId) {
      if (!localIds.has(id)) problems.push(`the server has ${view(row).name}; ${profile} does not`);
    }
  }
  return problems;
}

/**
 * Every difference between this profile's field records and the server's, one sentence each:
 * a record on one side only, one listed twice by the server, two scheduled server events at one
 * venue and start, a local one not `synced` or still provisional, a field that differs, and any
 * field outbox entry still open.
 */
export function fieldDisagreements(
  local: LocalFieldRecords,
  remote: ServerFieldRecords,
  options: FieldAgreementOptions = {},
): string[] {
  const profile = options.profile ?? 'the app';
  // two laptops' provisional events for one venue and start must end as one event
  const scheduled = new Map<string, string[]>();
  for (const event of remote.events) {
    if (event.status === 'cancelled') continue;
    const at = `${event.event_venue} ${String(instant(event.event_start))}`;
    scheduled.set(at, [...(scheduled.get(at) ?? []), event.event_id]);
  }
  const shared = [...scheduled.values()]
    .filter((ids) => ids.length > 1)
    .map((ids) => `the server has ${ids.length} scheduled events at one venue and start: ${ids.join(', ')}`);
  return [
    ...shared,
    ...compareKind('learner', 'learner_id', local.learners, remote.learners, learnerView, options),
    ...compareKind('event', 'event_id', local.events, remote.events, eventView, options),
    ...compareKind(
      'registration',
      'registration_id',
      local.registrations,
      remote.registrations,
      registrationView,
      options,
    ),
    ...local.openOutbox.map(
      (entry) =>
        `${profile}: outbox entry ${entry.seq} (${entry.op} of ${entry.record}) is still ${entry.status}`,
    ),
  ];
}

/** Reads both sides and compares them: the disagreements, empty when they agree. */
export async function fieldAgreement(
  page: Page,
  target: Pick<ReferenceServer, 'url'>,
  token: string,
  options: FieldAgreementOptions & { dbName?: string } = {},
): Promise<string[]> {
  const [local, remote] = await Promise.all([
    readLocalFieldRecords(page, options.dbName),
    readServerFieldRecords(target, token),
  ]);
  return fieldDisagreements(local, remote, options);
}
