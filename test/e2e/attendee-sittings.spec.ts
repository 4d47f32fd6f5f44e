import { expect, test } from '@playwright/test';
import type { Event, Registration } from '../../src/contract';
import { instantAtVenue } from '../../src/events/venueTime';
import { COORDINATOR, setCoordinatorId } from './fixtures/app';
import { connectToServer, dayFromToday, loadFieldReference } from './fixtures/field';
import { callServer, makeDataDir, startReferenceServer, type ReferenceServer } from './support/server';

/**
 * Issue #12 (a), the event "made lax from a venue and start column": a people file whose rows name
 * two sittings, one the server (and so the laptop) has an event for and one no one has, imported
 * offline with an unknown venue fixed in the grid; online, the server holds each person under
 * the right event, and the new sitting's event was made once.
 */

const TOKEN = 'e2e-sittings-coord-119';
const ADMIN = 'e2e-sittings-admin';
const KNOWN_EVENT = crypto.randomUUID();

/** `dd/mm/yyyy` of `YYYY-MM-DD`, as a coordinator's sheet in day/month order spells it. */
const dmy = (date: string) => `${date.slice(8, 10)}/${date.slice(5, 7)}/${date.slice(0, 4)}`;

let dataDir: Awaited<ReturnType<typeof makeDataDir>>;
let server: ReferenceServer | undefined;

test.use({ viewport: { width: 1366, height: 768 } });
test.beforeEach(async () => {
  dataDir = await makeDataDir();
});
test.afterEach(async () => {
  await server?.stop();
  server = undefined;
  await dataDir.remove();
});

test('a file naming two sittings registers each person on its event, the new one made once', async ({
  page,
  context,
}) => {
  test.setTimeout(240_000);
  server = await startReferenceServer({
    tokens: { [TOKEN]: COORDINATOR, [ADMIN]: 'admin' },
    dataDir: dataDir.dir,
  });
  const ref = await loadFieldReference(server, ADMIN);
  const knownDay = dayFromToday(7);
  const newDay = dayFromToday(8);
  const knownStart = instantAtVenue(`${knownDay}T09:00`, 'Europe/Paris')!;
  const newStart = instantAtVenue(`${newDay}T14:00`, 'America/Los_Angeles')!;
  const made = await callServer<Event>(server, TOKEN, 'POST', `/events/${KNOWN_EVENT}`, {
    event_venue: ref.paris,
    event_start: knownStart,
    event_exam_type: 'CPA',
    event_exam_format: 'paper',
    event_billing_code: 'B1',
  });
  expect(made.status).toBe(200);

  await setCoordinatorId(page);
  // the laptop pulls the venues and the known event, then goes offline
  await connectToServer(page, server.url, TOKEN);
  const csv = [
    'Candidate name,Email,Exam centre,Sitting',
    `Ada Lovelace,ada@example.org,Paris centre,${dmy(knownDay)} 09:00`,
    `Alan Turing,alan@example.org,PARIS CENTRE,${dmy(knownDay)} 9:00`,
    `Grace Hopper,grace@example.org,Los Angeles centre,${dmy(newDay)} 14:00`,
    `Edsger Dijkstra,edsger@example.org,Lyon centre,${dmy(newDay)} 2pm`,
  ].join('\n');
  await page.goto('/#/import');
  await page.getByRole('button', { name: 'People for an event' }).click();
  await page
    .getByLabel('Choose a spreadsheet')
    .setInputFiles({ name: 'Two sittings.csv', mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') });
  await expect(page.getByRole('button', { name: 'Confirm columns and check the rows' })).toBeVisible();
  await context.setOffline(true);
  await page.getByRole('button', { name: 'Confirm columns and check the rows' }).click();

  const grid = page.getByRole('table', { name: 'Rows to import' });
  await expect(grid).toContainText('No venue is called "Lyon centre"');
  await grid.getByRole('button', { name: /^Edit Venue of row 5/ }).click();
  await grid.getByLabel('Venue of row 5').fill('los angeles centre');
  await grid.getByLabel('Venue of row 5').press('Enter');
  await expect(grid).not.toContainText('No venue is called');

  // no event to choose: the file's columns name them, one of the two new
  await expect(
    page.getByText(
      'The file names 2 events by venue and start; 1 is new and will be made here (provisional).',
    ),
  ).toBeVisible();
  const sittings = page.getByRole('list', { name: /The file names 2 events/ });
  await expect(sittings.getByRole('listitem')).toHaveText([
    `Paris centre, ${knownDay} 09:00 · 2 people · existing event`,
    `Los Angeles centre, ${newDay} 14:00 · 2 people · new event (provisional)`,
  ]);
  await expect(page.getByLabel('Event', { exact: true })).toHaveCount(0);
  await page.getByLabel('Exam type').selectOption('CPA');
  await expect(page.getByLabel('Exam format')).toHaveValue('paper');
  await expect(page.getByLabel('Billing code')).toHaveValue('B1');
  await page.getByLabel('Import name').fill('Two sittings');
  await page.getByRole('button', { name: 'Register 4 people' }).click();

  await expect(page).toHaveURL(/#\/attendees\/[0-9a-f-]{36}$/);
  await expect(page.getByLabel('People counts')).toContainText('Registered4');
  await expect(page.getByLabel('People counts')).toContainText('Waiting for the server4');
  // the job page names every event the file's sittings span, not just the first
  await expect(page.getByRole('list', { name: 'On 2 events:' }).getByRole('listitem')).toHaveText([
    `Paris centre, ${knownDay} 09:00 · 2 people · 2 registered · 0 failed`,
    `Los Angeles centre, ${newDay} 14:00 · 2 people · 2 registered · 0 failed · provisional event`,
  ]);
  const jobPage = page.url();

  await context.setOffline(false);
  await page.goto(jobPage);
  await expect(page.getByRole('status', { name: 'Import status' })).toHaveText('Ended', { timeout: 120_000 });

  const eventOf = async (email: string) => {
    const found = await callServer<{ data: Registration[] }>(
      server!,
      TOKEN,
      'POST',
      '/registrations/search',
      {
        email,
      },
    );
    expect(found.body.data).toHaveLength(1);
    return found.body.data[0]!.event_id;
  };
  expect(await eventOf('ada@example.org')).toBe(KNOWN_EVENT);
  expect(await eventOf('alan@example.org')).toBe(KNOWN_EVENT);
  const newEvent = await eventOf('grace@example.org');
  expect(await eventOf('edsger@example.org')).toBe(newEvent);
  const listed = await callServer<{ data: Event[] }>(
    server,
    TOKEN,
    'GET',
    `/events/list-events?date=${newDay}`,
  );
  const atNewSitting = listed.body.data.filter((e) => e.event_venue === ref.la && e.event_start === newStart);
  expect(atNewSitting.map((e) => [e.event_id, e.registered_count, e.event_exam_type])).toEqual([
    [newEvent, 2, 'CPA'],
  ]);
});
