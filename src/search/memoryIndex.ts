import { SYNC_STATES } from '../db/records';

/**
 * An in-memory copy of the searchable fields of one Dexie table, for the searches IndexedDB
 * cannot serve by index (a substring anywhere in a name). Rows are kept in ascending `key` order
 * (a change time), so "most recent first, first 50" reads from the end and stops early, while a
 * count scans every row (100,000 short strings take a few milliseconds).
 *
 * It is read once, then kept current from the records written since: every write to the table
 * (a local command in this window, the pull in the engine's context) stamps `written_at` (epoch
 * ms), and each search first reads the records stamped since its last look, less a margin for
 * transactions that committed after a later-stamped one. Deleted records are not seen; callers
 * read the records back by id and skip the missing.
 */

/** How the index reads its table (a Dexie table with a `[sync_state+written_at]` index: `dexieSource`). */
export interface IndexSource<Rec> {
  /** up to `limit` records after primary key `after` (from the first when undefined), in key order */
  page(after: string | undefined, limit: number): Promise<Rec[]>;
  /** records whose `written_at` is at or after `ms` */
  writtenSince(ms: number): Promise<Rec[]>;
}

/**
 * The source over a Dexie table whose primary key is a string and which indexes
 * `[sync_state+written_at]` (one index for sync and the search, not two: see `SCHEMA_V6`), so the
 * records written since are one range per sync state.
 */
export function dexieSource<Rec>(table: {
  orderBy(index: string): { limit(n: number): { toArray(): PromiseLike<Rec[]> } };
  where(index: string): {
    above(key: string): { limit(n: number): { toArray(): PromiseLike<Rec[]> } };
    between(lower: [string, number], upper: [string, number]): { toArray(): PromiseLike<Rec[]> };
  };
}): IndexSource<Rec> {
  return {
    page: async (after, limit) =>
      after === undefined
        ? table.orderBy(':id').limit(limit).toArray()
        : table.where(':id').above(after).limit(limit).toArray(),
    writtenSince: async (ms) =>
      (
        await Promise.all(
          SYNC_STATES.map((state) =>
            table.where('[sync_state+written_at]').between([state, ms], [state, Infinity]).toArray(),
          ),
        )
      ).flat(),
  };
}

export interface IndexRow {
  id: string;
  /** the sort key (epoch ms of the change time) */
  key: number;
  /** set when a newer copy of the record replaced this row */
  dead?: boolean;
}

/** Writes stamped this long before the last look are read again (a slow transaction committing late). */
export const CATCH_UP_MARGIN_MS = 5_000;
const PAGE = 5_000;

export class MemoryIndex<Rec, Row extends IndexRow> {
  private rows: Row[] = [];
  private byId = new Map<string, Row>();
  private dead = 0;
  private sorted = true;
  private lookedAt: number | undefined;
  private loading: Promise<void> | undefined;

  constructor(
    private readonly source: IndexSource<Rec>,
    private readonly toRow: (record: Rec) => Row,
    private readonly clock: () => number = Date.now,
  ) {}

  /** Reads the table the first time, then the records written since the last look. */
  async catchUp(): Promise<void> {
    if (this.lookedAt === undefined) {
      this.loading ??= this.load();
      await this.loading;
      return;
    }
    const since = this.lookedAt - CATCH_UP_MARGIN_MS;
    this.lookedAt = this.clock();
    const written = await this.source.writtenSince(since);
    for (const record of written) this.put(this.toRow(record));
  }

  /** Rows from the most recent key down, until `visit` returns false. */
  *newestFirst(): Generator<Row> {
    this.settle();
    for (let i = this.rows.length - 1; i >= 0; i--) {
      const row = this.rows[i]!;
      if (!row.dead) yield row;
    }
  }

  get size(): number {
    return this.byId.size;
  }

  /** Puts one record's row (a write this window just made: seen at once, before the next look). */
  put(row: Row): void {
    const old = this.byId.get(row.id);
    if (old) {
      old.dead = true;
      this.dead += 1;
    }
    const last = this.rows[this.rows.length - 1];
    if (last && row.key < last.key) this.sorted = false;
    this.rows.push(row);
    this.byId.set(row.id, row);
  }

  private async load(): Promise<void> {
    const startedAt = this.clock();
    // in pages by primary key, so a profile of 100,000 does not hold one huge array twice
    let after: string | undefined;
    for (;;) {
      const page = await this.source.page(after, PAGE);
      for (const record of page) this.put(this.toRow(record));
      if (page.length < PAGE) break;
      after = this.toRow(page[page.length - 1]!).id;
    }
    this.lookedAt = startedAt;
  }

  private settle(): void {
    if (this.dead > 1_000 && this.dead > this.rows.length / 10) {
      this.rows = this.rows.filter((row) => !row.dead);
      this.dead = 0;
    }
    if (!this.sorted) {
      this.rows = this.rows.filter((row) => !row.dead);
      this.dead = 0;
      this.rows.sort((a, b) => a.key - b.key || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
      this.sorted = true;
    }
  }
}

/** One index per database and table, kept as long as the database object lives. */
const indexes = new WeakMap<object, Map<string, MemoryIndex<unknown, IndexRow>>>();

export function memoryIndexOf<Rec, Row extends IndexRow>(
  owner: object,
  name: string,
  make: () => MemoryIndex<Rec, Row>,
): MemoryIndex<Rec, Row> {
  let byName = indexes.get(owner);
  if (!byName) {
    byName = new Map();
    indexes.set(owner, byName);
  }
  let index = byName.get(name) as MemoryIndex<Rec, Row> | undefined;
  if (!index) {
    index = make();
    byName.set(name, index as unknown as MemoryIndex<unknown, IndexRow>);
  }
  return index;
}

export function dropMemoryIndexes(owner: object): void {
  indexes.delete(owner);
}

/**
 * The `written_at` stamp of a write: the machine's clock, whatever time a command is told it is
 * (a test's or a benchmark's), since the index compares it with the clock of its last look.
 */
export const writtenNow = (): number => Date.now();
