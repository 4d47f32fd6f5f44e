import { describe, expect, it } from 'vitest';
import { AppDatabase } from '../../../src/db';
import { findLearners, saveLearner } from '../../../src/learners';
import { applyRegistrationCommand, registerLaxLocal, searchRegistrations } from '../../../src/registrations';
import { NOW, freshDatabase, laxBody, seedReference } from './support';

async function desk() {
  const db = freshDatabase();
  await seedReference(db);
  const people = [
    ['Zoë', 'Müller', 'zoe.muller@example.org'],
    ['Jean', 'Dupont', 'jdupont@ecole.fr'],
    ['Anna', 'Zoellner', 'anna@example.org'],
    ['Björn', 'Ångström', 'bjorn@example.se'],
  ] as const;
  const ids: Record<string, string> = {};
  for (const [i, [first, last, email]] of people.entries()) {
    const l = await saveLearner(
      db,
      { first_name: first, last_name: last, email },
      { now: NOW + i, coordinatorId: 'c' },
    );
    const r = await registerLaxLocal(db, laxBody(l.learner_id), {
      now: NOW + 1000 * (i + 1),
      coordinatorId: 'c',
    });
    ids[first] = r.registration.registration_id;
  }
  return { db, ids };
}

const names = (rows: { learner: { first_name: string } }[]) => rows.map((r) => r.learner.first_name);
const firstNames = (rows: { first_name: string }[]) => rows.map((r) => r.first_name);

describe('registration search on the laptop', () => {
  it('finds a name substring ignoring case and accents, newest change first, with the count', async () => {
    const { db } = await desk();
    expect(names((await searchRegistrations(db, { name: 'ZOE' })).rows)).toEqual(['Anna', 'Zoë']);
    expect(names((await searchRegistrations(db, { name: 'angst' })).rows)).toEqual(['Björn']);
    expect(names((await searchRegistrations(db, { name: 'jean dup' })).rows)).toEqual(['Jean']);
    const page = await searchRegistrations(db, { name: 'o' }, { offset: 1, limit: 2 });
    expect(page.count).toBe(4);
    expect(names(page.rows)).toEqual(['Anna', 'Jean']);
  });

  it('filters by email substring, exact code as typed, change time and status', async () => {
    const { db, ids } = await desk();
    expect(names((await searchRegistrations(db, { email: 'EXAMPLE.ORG' })).rows)).toEqual(['Anna', 'Zoë']);
    const jean = await db.registrations.get(ids['Jean']!);
    const typed = jean!.code.toLowerCase().replace(/0/g, 'o');
    expect(names((await searchRegistrations(db, { code: typed })).rows)).toEqual(['Jean']);
    const since = new Date(NOW + 2000).toISOString();
    const before = new Date(NOW + 4000).toISOString();
    expect(
      names(
        (await searchRegistrations(db, { last_change_time_since: since, last_change_time_before: before }))
          .rows,
      ),
    ).toEqual(['Anna', 'Jean']);
    await applyRegistrationCommand(
      db,
      ids['Zoë']!,
      { command: 'cancel', body: {} },
      { now: NOW + 9000, coordinatorId: 'c' },
    );
    expect(names((await searchRegistrations(db, { status: 'cancelled' })).rows)).toEqual(['Zoë']);
    expect(names((await searchRegistrations(db, { name: 'zoe' })).rows)).toEqual(['Zoë', 'Anna']);
  });

  it('sees what another connection (the engine) wrote since the last search', async () => {
    const { db } = await desk();
    expect((await searchRegistrations(db, { name: 'kowalski' })).count).toBe(0);
    // the pull runs in the engine's context: another connection to the same database
    const engine = new AppDatabase(db.name, {
      indexedDB: db._options.indexedDB,
      IDBKeyRange: db._options.IDBKeyRange,
    });
    const l = await saveLearner(
      engine,
      { first_name: 'Ewa', last_name: 'Kowalski', email: 'ewa@example.pl' },
      { coordinatorId: 'c' },
    );
    await registerLaxLocal(engine, laxBody(l.learner_id), { coordinatorId: 'c' });
    expect(names((await searchRegistrations(db, { name: 'kowal' })).rows)).toEqual(['Ewa']);
  });
});

describe('learner lookup while typing', () => {
  it('finds by word prefixes of name or email, then by a substring anywhere', async () => {
    const { db } = await desk();
    expect(firstNames(await findLearners(db, 'zo'))).toEqual(['Zoë', 'Anna']);
    expect(firstNames(await findLearners(db, 'müller z'))).toEqual(['Zoë']);
    expect(firstNames(await findLearners(db, 'ecole'))).toEqual(['Jean']);
    expect(firstNames(await findLearners(db, 'jdup'))).toEqual(['Jean']);
    // no word starts with "upon": the substring fallback finds it
    expect(firstNames(await findLearners(db, 'upon'))).toEqual(['Jean']);
    expect(await findLearners(db, 'nobody')).toEqual([]);
  });
});
