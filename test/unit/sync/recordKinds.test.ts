import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { AppDatabase, SyncState } from '../../../src/db';
import { appendOutboxEntry } from '../../../src/sync/outbox';
import { recordKey, rememberServerId } from '../../../src/sync/recordIds';
import {
  UnknownRecordKindError,
  registerRecordKind,
  type RecordKindDescriptor,
} from '../../../src/sync/recordKinds';
import { retryRejected } from '../../../src/sync/rejections';
import { asObject, parseBody } from '../../../src/sync/requests';
import { readSyncStatus } from '../../../src/sync/status';
import { runSyncCycle, type SyncDependencies } from '../../../src/sync/syncer';
import { RealClockHost, configure, memoryDatabase, testDependencies } from './support';

/**
 * A record kind is one descriptor: a throwaway kind "note", with its own (in-memory) table and
 * its own endpoints on an in-process fake server, is pushed, accepted, refused and retried, fed
 * and swept by the unchanged syncer once it is registered. And an entry of a kind nobody
 * registered is refused loudly, never sent as a batch or a run.
 */

const NoteBody = z.object({ text: z.string().min(1) });
const NoteAnswer = z.object({ note_id: z.string(), text: z.string(), updated_at: z.string() });
const NoteList = z.object({
  data: z.array(NoteAnswer),
  pagination: z.object({ page: z.number(), limit: z.number(), total: z.number() }),
});

interface LocalNote {
  id: string;
  text: string;
  note_id?: string;
  updated_at?: string;
  sync_state: SyncState;
}

/** The notes server: POST/GET /api/v1/notes, PUT/GET /api/v1/notes/:id; "refuse" is refused. */
class FakeNotesServer {
  readonly notes = new Map<string, { note_id: string; text: string; updated_at: string }>();
  readonly requests: string[] = [];
  private readonly answers = new Map<string, Response>();
  private clock = Date.parse('2026-01-01T00:00:00Z');

  add(text: string): string {
    const note_id = `note-${this.notes.size + 1}`;
    this.notes.set(note_id, { note_id, text, updated_at: this.tick() });
    return note_id;
  }

  readonly fetch: typeof fetch = async (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    const method = init?.method ?? 'GET';
    this.requests.push(`${method} ${url.pathname}`);
    if (url.pathname === '/api/v1/health')
      return json(200, { status: 'ok', version: 'fake', api_version: 'v1' });
    const key = new Headers(init?.headers).get('idempotency-key');
    if (key && this.answers.has(key)) return this.answers.get(key)!.clone();
    const answer = this.route(
      method,
      url,
      init?.body ? (JSON.parse(String(init.body)) as unknown) : undefined,
    );
    if (key) this.answers.set(key, answer.clone());
    return answer;
  };

  private route(method: string, url: URL, body: unknown): Response {
    const one = /^\/api\/v1\/notes\/([^/]+)$/.exec(url.pathname);
    if (url.pathname === '/api/v1/notes' && method === 'POST') {
      const { text } = body as { text: string };
      if (text === 'refuse') return refusal();
      const note_id = this.add(text);
      return json(201, this.notes.get(note_id));
    }
    if (url.pathname === '/api/v1/notes' && method === 'GET') {
      const since = url.searchParams.get('updated_since') ?? '';
      const data = [...this.notes.values()].filter((note) => note.updated_at > since);
      return json(200, { data, pagination: { page: 1, limit: 100, total: data.length } });
    }
    if (one && method === 'PUT') {
      const note = this.notes.get(one[1]!);
      if (!note) return json(404, { error: { code: 'not_found', message: 'No such note' } });
      const { text } = body as { text: string };
      if (text === 'refuse') return refusal();
      Object.assign(note, { text, updated_at: this.tick() });
      return json(200, note);
    }
    return json(404, { error: { code: 'not_found', message: `No route ${method} ${url.pathname}` } });
  }

  private tick(): string {
    this.clock += 1000;
    return new Date(this.clock).toISOString();
  }
}

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
const refusal = () =>
  json(422, { error: { code: 'validation_failed', message: 'Notes may not say "refuse"' } });

/** The whole kind: everything the syncer needs to know about notes. */
function notesKind(local: Map<string, LocalNote>): RecordKindDescriptor {
  return {
    kind: 'note',
    tables: () => [],
    pushOrder: 'parallel',
    operations: {
      'note.create': {
        label: 'Write note',
        method: 'POST',
        create: true,
        editableBody: NoteBody,
        request: (entry) => {
          const body = parseBody(NoteBody, asObject(entry.body));
          if (!body.ok) return body;
          return {
            ok: true,
            send: (client) =>
              client.send({
                method: 'POST',
                path: '/api/v1/notes',
                schema: NoteAnswer,
                body: body.value,
                idempotencyKey: entry.idempotency_key,
              }),
          };
        },
      },
      'note.update': {
        label: 'Change note',
        method: 'PUT',
        editableBody: NoteBody,
        request: (entry, _ref, serverId) => ({
          ok: true,
          send: (client) =>
            client.send({
              method: 'PUT',
              path: `/api/v1/notes/${serverId}`,
              schema: NoteAnswer,
              body: entry.body,
              idempotencyKey: entry.idempotency_key,
            }),
        }),
      },
    },
    setSyncState: async (_db, id, state) => {
      const note = local.get(id);
      if (note) note.sync_state = state;
    },
    storedServerId: async (_db, id) => local.get(id)?.note_id,
    accept: async ({ db }, _entry, ref, data) => {
      const answer = NoteAnswer.parse(data);
      await rememberServerId(db, ref, answer.note_id);
      local.set(ref.id, { ...local.get(ref.id)!, ...answer });
    },
    refetch: async (db) => {
      await db.settings.delete('test.cursor.notes');
    },
    subject: async (_db, id) => ({ name: local.get(id)?.text ?? 'gone', exists: local.has(id) }),
    feed: {
      cursorKey: 'test.cursor.notes',
      list: (client, query) => client.send({ method: 'GET', path: '/api/v1/notes', schema: NoteList, query }),
      updatedAt: (note) => (note as z.infer<typeof NoteAnswer>).updated_at,
      take: async ({ db }, row) => {
        const note = row as z.infer<typeof NoteAnswer>;
        const mine = [...local.values()].find((n) => n.note_id === note.note_id);
        const id = mine?.id ?? note.note_id;
        await rememberServerId(db, { kind: 'note', id }, note.note_id);
        local.set(id, { id, ...note, sync_state: 'synced' });
        return true;
      },
    },
    sweep: {
      list: (client, query) => client.send({ method: 'GET', path: '/api/v1/notes', schema: NoteList, query }),
      serverIdOf: (row) => (row as z.infer<typeof NoteAnswer>).note_id,
      syncedRecords: async () =>
        [...local.values()]
          .filter((n) => n.sync_state === 'synced' && n.note_id !== undefined)
          .map((n) => ({ localId: n.id, serverId: n.note_id! })),
      remove: async (_db, id) => {
        local.delete(id);
      },
    },
  };
}

let db: AppDatabase;
let server: FakeNotesServer;
let local: Map<string, LocalNote>;
let unregister: (() => void) | undefined;
const host = new RealClockHost();

beforeEach(async () => {
  db = memoryDatabase();
  server = new FakeNotesServer();
  local = new Map();
  await configure(db, 'http://notes.test', 'notes-token');
});

afterEach(() => {
  unregister?.();
  unregister = undefined;
  db.close();
});

const cycle = (reason: 'manual' | 'retry' = 'retry') =>
  runSyncCycle({ db, host, reason, deps: testDependencies({ fetch: server.fetch }) });

async function writeNote(id: string, text: string, op = 'note.create', method: 'POST' | 'PUT' = 'POST') {
  if (!local.has(id)) local.set(id, { id, text, sync_state: 'pushing' });
  await db.transaction('rw', db.outbox, () =>
    appendOutboxEntry(
      db,
      { record: recordKey({ kind: 'note', id }), op, method, body: { text } },
      Date.now(),
    ),
  );
}

describe('a record kind added with only its descriptor', () => {
  it('is pushed in order, its answers accepted, and a change after the create uses the server id', async () => {
    unregister = registerRecordKind(notesKind(local));
    await writeNote('n1', 'first draft');
    await writeNote('n1', 'final text', 'note.update', 'PUT');

    const status = await cycle();

    expect(status.state).toBe('idle');
    expect([...server.notes.values()].map((n) => n.text)).toEqual(['final text']);
    expect(server.requests).toContain('PUT /api/v1/notes/note-1');
    expect(local.get('n1')).toMatchObject({ note_id: 'note-1', text: 'final text', sync_state: 'synced' });
    const entries = await db.outbox.toArray();
    expect(entries.map((e) => [e.op, e.status])).toEqual([
      ['note.create', 'done'],
      ['note.update', 'done'],
    ]);
  });

  it('brings notes made elsewhere through its feed, and sweeps away the ones the server lost', async () => {
    unregister = registerRecordKind(notesKind(local));
    const elsewhere = server.add('written on the other laptop');

    await cycle();
    expect(local.get(elsewhere)).toMatchObject({ text: 'written on the other laptop', sync_state: 'synced' });
    expect((await db.settings.get('test.cursor.notes'))?.value).toBe(server.notes.get(elsewhere)!.updated_at);

    server.notes.delete(elsewhere);
    await cycle('manual');
    expect(local.has(elsewhere)).toBe(false);
  });

  it('shows a refusal with the server’s sentence, and an edited retry goes through', async () => {
    unregister = registerRecordKind(notesKind(local));
    await writeNote('n2', 'refuse');

    const refused = await cycle();
    const [entry] = await db.outbox.toArray();
    expect(entry).toMatchObject({
      status: 'rejected',
      rejection: { status: 422, code: 'validation_failed' },
    });
    expect(entry!.rejection!.message).toBe('Notes may not say "refuse"');
    expect(local.get('n2')?.sync_state).toBe('rejected');
    expect(refused.rejected).toBe(1);

    await expect(retryRejected(db, entry!.seq!, Date.now(), { text: '' })).rejects.toThrow(/text/);
    await retryRejected(db, entry!.seq!, Date.now(), { text: 'accepted wording' });
    await cycle();
    expect(local.get('n2')).toMatchObject({ text: 'accepted wording', sync_state: 'synced' });
    expect((await readSyncStatus(db)).rejected).toBe(0);
  });
});

describe('an entry of a kind this app does not know', () => {
  it('cannot be written', async () => {
    await expect(writeNote('n3', 'no descriptor')).rejects.toBeInstanceOf(UnknownRecordKindError);
    unregister = registerRecordKind(notesKind(local));
    await expect(writeNote('n3', 'wrong op', 'note.archive')).rejects.toThrow(/no operation "note\.archive"/);
    await expect(
      appendOutboxEntry(
        db,
        { record: recordKey({ kind: 'note', id: 'n3' }), op: 'run.create', method: 'POST' },
        0,
      ),
    ).rejects.toBeInstanceOf(UnknownRecordKindError);
    expect(await db.outbox.count()).toBe(0);
  });

  it('already stored (a newer app version wrote it) is refused loudly and never sent as a run', async () => {
    await db.outbox.add({
      record: 'note:n4',
      idempotency_key: crypto.randomUUID(),
      method: 'POST',
      op: 'note.create',
      body: { text: 'from a newer version' },
      status: 'pending',
      attempts: 0,
      next_attempt_at: 0,
      created_at: new Date().toISOString(),
    });

    const status = await cycle();

    const [entry] = await db.outbox.toArray();
    expect(entry).toMatchObject({ status: 'rejected', rejection: { code: 'unknown_record' } });
    expect(entry!.rejection!.message).toContain('does not know the record "note:n4"');
    expect(status.rejected).toBe(1);
    expect(server.requests.filter((r) => !r.startsWith('GET'))).toEqual([]);
    expect(await db.expiryRuns.count()).toBe(0);
  });
});

describe('a kind whose poll is followed (followPoll)', () => {
  /**
   * One cycle with a followed kind due for five rounds and a notes feed: how many rounds came
   * before the feed's first answer, and how many in all.
   */
  async function followedAndFed(
    deps: Partial<SyncDependencies>,
  ): Promise<{ pollsBeforeFeed?: number; polls: number }> {
    unregister = registerRecordKind(notesKind(local));
    // the notes feed answers once the watched kind has been polled three times (or gives up)
    let polls = 0;
    let pollsBeforeFeed: number | undefined;
    const feedAnswered = server.fetch;
    const slowFeed: typeof fetch = async (input, init) => {
      const url = new URL(input instanceof Request ? input.url : String(input));
      if (
        url.pathname === '/api/v1/notes' &&
        (init?.method ?? 'GET') === 'GET' &&
        pollsBeforeFeed === undefined
      ) {
        const until = Date.now() + 3_000;
        while (polls < 3 && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 10));
        pollsBeforeFeed = polls;
      }
      return feedAnswered(input, init);
    };
    const watched: RecordKindDescriptor = {
      ...notesKind(local),
      kind: 'watched',
      operations: {},
      feed: undefined,
      sweep: undefined,
      followPoll: true,
      poll: async () => {
        polls += 1;
      },
      // due at once for its first five rounds, then nothing is left to poll
      nextPollAt: async () => (polls < 5 ? Date.now() : undefined),
    };
    const unregisterWatched = registerRecordKind(watched);
    try {
      const status = await runSyncCycle({
        db,
        host,
        reason: 'retry',
        deps: testDependencies({ fetch: slowFeed, ...deps }),
      });
      expect(status.state).toBe('idle');
    } finally {
      unregisterWatched();
    }
    return { pollsBeforeFeed, polls };
  }

  it('is polled again as it falls due while the feeds are still being read, not only before them', async () => {
    // the feeds wait for no followed poll here, as once FEEDS_WAIT_MS ran out
    const { pollsBeforeFeed, polls } = await followedAndFed({ feedsWaitMs: 0 });
    // without following, the one poll before the feeds is all the feed would have waited for
    expect(pollsBeforeFeed).toBe(3);
    expect(polls).toBe(5);
  });

  it('is settled before the feeds are read, while that takes less than FEEDS_WAIT_MS', async () => {
    const { pollsBeforeFeed, polls } = await followedAndFed({});
    // read beside the polls, the feed would have answered after the third
    expect(pollsBeforeFeed).toBe(5);
    expect(polls).toBe(5);
  });
});
