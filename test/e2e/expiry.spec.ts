import { expect, test, type Page } from '@playwright/test';
import type { RunDetail, RunList } from '../../src/contract';
import { COORDINATOR, holdEngine, setCoordinatorId } from './fixtures/app';
import { workbookBytes } from './fixtures/spreadsheets';
import { DB_NAME, readEngineStatus } from './support/idb';
import { callServer, makeDataDir, startReferenceServer, type ReferenceServer } from './support/server';

/**
 * Certification reminders end to end in the browser build: a roster imported with the wizard,
 * the daily scheduled run fired by the engine's own start-up tick once its time has come,
 * one grouped notification naming the mentors concerned, nothing sent twice the same day, and
 * a run resolved and another deleted.
 *
 * The clock: Playwright's `page.clock` does not reach the engine's Web Worker, so the test
 * controls the schedule instead of the time. It writes the scheduler's memory as if the last
 * scheduled run had been yesterday (the computer was off since), and sets the daily run time
 * through the settings: later today nothing is due; at the current minute the run is due.
 */

const DAY_MS = 86_400_000;

/** The browser's local calendar date and minute of the day (the zone the engine evaluates in). */
function localClock(page: Page): Promise<{ today: string; minuteOfDay: number }> {
  return page.evaluate(() => {
    const now = new Date();
    const pad = (n: number) => String(n).padStart(2, '0');
    return {
      today: `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`,
      minuteOfDay: now.getHours() * 60 + now.getMinutes(),
    };
  });
}

function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

function timeOfDay(minute: number): string {
  return `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
}

/** The scheduler's memory (`settings['expiry.schedule']`, see src/expiry/tick.ts), written raw. */
function rememberScheduledRunOn(page: Page, evaluatedOn: string): Promise<void> {
  return page.evaluate(
    async ({ name, evaluatedOn }) => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const open = indexedDB.open(name);
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(open.error);
      });
      try {
        await new Promise<void>((resolve, reject) => {
          const tx = db.transaction('settings', 'readwrite');
          tx.objectStore('settings').put({
            key: 'expiry.schedule',
            value: { startedAt: Date.now() - 86_400_000, evaluatedOn },
          });
          tx.oncomplete = () => resolve();
          tx.onerror = () => reject(tx.error);
        });
      } finally {
        db.close();
      }
    },
    { name: DB_NAME, evaluatedOn },
  );
}

/** `expiry.run` jobs ever queued (each is one run). */
function countExpiryJobs(page: Page): Promise<number> {
  return page.evaluate(async (name) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const open = indexedDB.open(name);
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    try {
      const jobs = await new Promise<Array<{ kind: string }>>((resolve, reject) => {
        const request = db.transaction('jobs').objectStore('jobs').getAll();
        request.onsuccess = () => resolve(request.result as Array<{ kind: string }>);
        request.onerror = () => reject(request.error);
      });
      return jobs.filter((job) => job.kind === 'expiry.run').length;
    } finally {
      db.close();
    }
  }, DB_NAME);
}

/**
 * Imports a roster (mentor id, name, expiry date, email) through the wizard, from the mentors
 * page; `coordinatorColumn: false` leaves the coordinator column out (each row gets yours).
 */
async function importRoster(
  page: Page,
  rows: ReadonlyArray<readonly [string, string, string, string | null]>,
  { coordinatorColumn = true }: { coordinatorColumn?: boolean } = {},
): Promise<void> {
  const roster = workbookBytes('xlsx', [
    {
      name: 'Roster',
      rows: coordinatorColumn
        ? [
            ['Mentor ID', 'Name', 'Coordinator', 'Certification expiry', 'Email'],
            ...rows.map(([id, name, expiry, email]) => [id, name, 'coord-119', { date: expiry }, email]),
          ]
        : [
            ['Mentor ID', 'Name', 'Certification expiry', 'Email'],
            ...rows.map(([id, name, expiry, email]) => [id, name, { date: expiry }, email]),
          ],
    },
  ]);
  await page.goto('/#/mentors');
  await page.getByRole('button', { name: 'Import a roster' }).click();
  await expect(page.getByRole('button', { name: 'Mentor roster (expiry dates)' })).toHaveAttribute(
    'aria-pressed',
    'true',
  );
  await page
    .getByLabel('Choose a spreadsheet')
    .setInputFiles({ name: 'roster.xlsx', mimeType: 'application/octet-stream', buffer: roster });
  if (!coordinatorColumn) {
    await expect(page.getByRole('note').filter({ hasText: 'No column for “Coordinator ID”' })).toHaveText(
      `No column for “Coordinator ID”: every mentor gets yours, ${COORDINATOR}.`,
    );
  }
  await page.getByRole('button', { name: 'Confirm columns and check the rows' }).click();
  await page.getByRole('button', { name: `Import ${rows.length} mentors` }).click();
  await expect(page).toHaveURL(/#\/mentors$/);
}

/** Closes every in-app notification showing. */
async function dismissAll(page: Page): Promise<void> {
  const toasts = page
    .getByRole('region', { name: 'Notifications' })
    .getByRole('button', { name: /^Dismiss/ });
  while ((await toasts.count()) > 0) await toasts.first().click();
}

async function setDailyRunTime(page: Page, time: string): Promise<void> {
  await page.goto('/#/reminders');
  await page.getByLabel('Daily check at').fill(time);
  await page.getByRole('button', { name: 'Save the time' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved' })).toBeVisible();
}

test('a roster import, the daily run, one grouped reminder, nothing twice, resolve and delete', async ({
  page,
  context,
}) => {
  test.setTimeout(180_000);
  const engine = await holdEngine(context);
  await page.goto('/#/mentors');
  const { today, minuteOfDay } = await localClock(page);

  // a roster at chosen distances from today, its expiry dates as date cells
  await importRoster(page, [
    ['m-expired', 'Ada Expired', addDays(today, -3), 'ada@example.org'],
    ['m-week', 'Bo Week', addDays(today, 5), null],
    ['m-month', 'Cy Month', addDays(today, 20), null],
    ['m-fine', 'Di Fine', addDays(today, 31), null],
    ['m-later', 'Ed Later', addDays(today, 200), null],
  ]);

  // the mentors page, each state on today's date
  const mentors = page.getByRole('table', { name: 'Mentors' });
  await expect(mentors.getByRole('row')).toHaveCount(6);
  const stateOf = (id: string) => mentors.getByRole('row').filter({ hasText: id }).locator('.badge');
  await expect(stateOf('m-expired')).toHaveText('Expired');
  await expect(stateOf('m-week')).toHaveText('Within 7 days');
  await expect(stateOf('m-month')).toHaveText('Within 30 days');
  await expect(stateOf('m-fine')).toHaveText('Fine');
  await page.getByLabel('State').selectOption({ label: 'Within 7 days' });
  await expect(mentors.getByRole('row')).toHaveCount(2);
  await page.getByLabel('State').selectOption({ label: 'Any state' });
  await page.getByLabel('Search').fill('ed later');
  await expect(mentors.getByRole('row')).toHaveCount(2);
  await expect(mentors).toContainText('m-later');
  await page.getByLabel('Search').fill('');

  // the computer was off since yesterday's run; today's run is due at the daily time only.
  // The import itself made three reminders due: its roster check runs as soon as the engine does.
  await rememberScheduledRunOn(page, addDays(today, -1));
  const laterToday = minuteOfDay + 90 < 24 * 60 ? minuteOfDay + 90 : null;
  const toast = page.getByRole('region', { name: 'Notifications' }).getByRole('article');
  if (laterToday !== null) {
    await setDailyRunTime(page, timeOfDay(laterToday));
    await engine.release();
    await expect(toast).toHaveCount(1, { timeout: 60_000 });
    // the engine's start-up look found the daily time still ahead: only the roster check ran
    await page.waitForTimeout(3_000);
    expect(await countExpiryJobs(page)).toBe(1);
  } else {
    console.log('Late in the local day: the "not yet due" step is left out, the run is checked as due');
    await engine.release();
    await expect(toast).toHaveCount(1, { timeout: 60_000 });
  }
  await expect(toast).toContainText('3 certifications need attention');
  await expect(toast).toContainText('1 expired, 1 within 7 days, 1 within 30 days');

  // the notification opens the mentors it named, and only them
  await toast.getByRole('button', { name: 'Open' }).click();
  await expect(page).toHaveURL(/#\/mentors\?attention=/);
  await expect(page.getByText('Showing the mentors a reminder named.')).toBeVisible();
  await expect(mentors.getByRole('row')).toHaveCount(4);
  for (const id of ['m-expired', 'm-week', 'm-month']) await expect(mentors).toContainText(id);
  await expect(mentors).not.toContainText('m-fine');

  // the in-app list holds the three, unread
  await page.goto('/#/reminders');
  const list = page.getByRole('list', { name: 'Certification reminders' });
  await expect(list.getByRole('listitem')).toHaveCount(3);
  await expect(page.getByText('3 unread')).toBeVisible();

  // the daily time is now: the next start-up look (a reload starts the engine again) runs it,
  // and it owes nothing the roster check already sent
  await dismissAll(page);
  await setDailyRunTime(page, timeOfDay(minuteOfDay));
  await page.reload();
  await page.goto('/#/runs');
  const runs = page.getByRole('table', { name: 'Runs' });
  await expect(runs.getByRole('row')).toHaveCount(3, { timeout: 60_000 });
  const scheduled = runs.getByRole('row').filter({ hasText: 'Roster change' });
  await expect(scheduled).toContainText('Completed');
  await expect(scheduled).toContainText('Within 30 days, Within 7 days, Expired');
  const daily = runs.getByRole('row').filter({ hasText: 'Daily schedule' });
  await expect(daily).toContainText('Completed', { timeout: 60_000 });
  await expect(daily.getByRole('cell').nth(4)).toHaveText('0');
  await expect(toast).toHaveCount(0);

  // a second run the same day dispatches nothing and shows nothing
  await page.getByRole('button', { name: 'Run now' }).click();
  await expect(runs.getByRole('row')).toHaveCount(4);
  const manual = runs.getByRole('row').filter({ hasText: 'Run now' });
  await expect(manual).toContainText('Completed', { timeout: 60_000 });
  await expect(manual.getByRole('cell').nth(4)).toHaveText('0');
  await page.waitForTimeout(2_000);
  await expect(toast).toHaveCount(0);
  await page.goto('/#/reminders');
  await expect(list.getByRole('listitem')).toHaveCount(3);

  // resolve the scheduled run with notes
  await page.goto('/#/runs');
  await scheduled.getByRole('link').click();
  await expect(page.getByRole('table', { name: 'Dispatched notifications' }).getByRole('row')).toHaveCount(4);
  await expect(page.getByLabel('Run details')).toContainText('Roster change (roster-change)');
  await page.getByRole('button', { name: 'Resolve…' }).click();
  const resolve = page.getByRole('dialog', { name: 'Resolve this run?' });
  await resolve.getByLabel('Resolution notes').fill('Called the three mentors about renewal');
  await resolve.getByRole('button', { name: 'Resolve' }).click();
  await expect(page.getByRole('status', { name: 'Run status' })).toHaveText('Resolved');
  await expect(page.getByText('Resolution notes: Called the three mentors about renewal')).toBeVisible();

  // delete the manual run, confirmed
  await page.goto('/#/runs');
  await manual.getByRole('link').click();
  await page.getByRole('button', { name: 'Delete…' }).click();
  await page
    .getByRole('dialog', { name: 'Delete this run record?' })
    .getByRole('button', { name: 'Delete the run' })
    .click();
  await expect(page).toHaveURL(/#\/runs$/);
  await expect(runs.getByRole('row')).toHaveCount(3);
  await expect(runs).toContainText('Resolved');
  await expect(runs).not.toContainText('Run now');

  // a renewal by hand: the expired mentor is fine again
  await page.goto('/#/mentors');
  await page.getByRole('button', { name: 'Edit Ada Expired' }).click();
  await page.getByLabel('Certification expiry date').fill(addDays(today, 365));
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(stateOf('m-expired')).toHaveText('Fine');
});

test('thresholds are validated and configurable, and quiet hours hold reminders until they end', async ({
  page,
}) => {
  test.setTimeout(150_000);
  await setCoordinatorId(page);
  await page.goto('/#/reminders');
  const { today, minuteOfDay } = await localClock(page);
  const thresholds = page.getByRole('list', { name: 'Current thresholds' });
  await expect(thresholds.getByRole('listitem')).toHaveText([/Within 30 days/, /Within 7 days/, /Expired/]);

  // an earlier warning: 0 days is refused with the reason, 60 days is added in its place
  await page.getByLabel('Days before expiry').fill('0');
  await page.getByRole('button', { name: 'Add threshold' }).click();
  await expect(page.locator('#threshold-error')).toHaveText(
    'Enter a whole number of days from 1 to 9999, such as 60 or 90',
  );
  await page.getByLabel('Days before expiry').fill('30');
  await page.getByRole('button', { name: 'Add threshold' }).click();
  await expect(page.locator('#threshold-error')).toHaveText('"30_day" is listed twice');
  await page.getByLabel('Days before expiry').fill('60');
  await page.getByRole('button', { name: 'Add threshold' }).click();
  await expect(thresholds.getByRole('listitem')).toHaveText([
    /Within 60 days/,
    /Within 30 days/,
    /Within 7 days/,
    /Expired/,
  ]);

  // quiet hours around the current minute (the window may span midnight)
  const start = (minuteOfDay + 24 * 60 - 60) % (24 * 60);
  const end = (minuteOfDay + 60) % (24 * 60);
  await page.getByLabel('Hold reminders during quiet hours').check();
  await page.getByLabel('Quiet hours start').fill(timeOfDay(start));
  await page.getByLabel('Quiet hours end').fill(timeOfDay(end));
  await page.getByRole('button', { name: 'Save quiet hours' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved' })).toBeVisible();

  // a roster without a coordinator column: every mentor is the coordinator's own
  await importRoster(
    page,
    [
      ['m-45', 'Fay Fortyfive', addDays(today, 45), null],
      ['m-week', 'Bo Week', addDays(today, 5), null],
      ['m-year', 'Gil Year', addDays(today, 365), null],
    ],
    { coordinatorColumn: false },
  );
  const mentors = page.getByRole('table', { name: 'Mentors' });
  await expect(mentors.getByRole('row').filter({ hasText: 'm-45' })).toContainText(COORDINATOR);
  const stateOf = (id: string) => mentors.getByRole('row').filter({ hasText: id }).locator('.badge');
  await expect(stateOf('m-45')).toHaveText('Within 60 days');

  // the import's own check runs inside quiet hours: it records its reminders but holds them
  await page.goto('/#/runs');
  const check = page
    .getByRole('table', { name: 'Runs' })
    .getByRole('row')
    .filter({ hasText: 'Roster change' });
  await expect(check).toContainText('Completed', { timeout: 60_000 });
  await expect(check.getByRole('cell').nth(4)).toHaveText('2');
  const toast = page.getByRole('region', { name: 'Notifications' }).getByRole('article');
  await page.waitForTimeout(2_000);
  await expect(toast).toHaveCount(0);
  await page.goto('/#/reminders');
  await expect(page.getByText('No reminder yet.')).toBeVisible();

  // the window ends (quiet hours turned off): the next look of the engine shows them, once
  await page.getByLabel('Hold reminders during quiet hours').uncheck();
  await page.getByRole('button', { name: 'Save quiet hours' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved' })).toBeVisible();
  await page.reload();
  await expect(toast).toHaveCount(1, { timeout: 60_000 });
  await expect(toast).toContainText('2 certifications need attention');
  await expect(toast).toContainText('1 within 7 days, 1 within 60 days');
  await expect(page.getByRole('list', { name: 'Certification reminders' }).getByRole('listitem')).toHaveCount(
    2,
  );

  // removing the 60-day threshold: that mentor is fine again
  await page.getByRole('button', { name: 'Remove the threshold Within 60 days' }).click();
  await expect(thresholds.getByRole('listitem')).toHaveCount(3);
  await page.goto('/#/mentors');
  await expect(stateOf('m-45')).toHaveText('Fine');
});

/** Rows of some stores of the app's database, read raw (nothing of the app imported). */
function readStores(page: Page, stores: readonly string[]): Promise<Record<string, unknown[]>> {
  return page.evaluate(
    async ({ name, stores }) => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const open = indexedDB.open(name);
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(open.error);
      });
      try {
        const out: Record<string, unknown[]> = {};
        for (const store of stores) {
          out[store] = await new Promise<unknown[]>((resolve, reject) => {
            const request = db.transaction(store).objectStore(store).getAll();
            request.onsuccess = () => resolve(request.result as unknown[]);
            request.onerror = () => reject(request.error);
          });
        }
        return out;
      } finally {
        db.close();
      }
    },
    { name: DB_NAME, stores },
  );
}

interface LocalRun {
  run_id: string;
  triggered_by: string;
  expirations_evaluated: number;
  notifications_dispatched: number;
  thresholds_hit: string[];
  status: string;
  resolution_notes?: string;
  sync_state: string;
}

interface LocalNotification {
  mentor_id: string;
  expiry_date: string;
  threshold: string;
  coordinator_id: string;
  run_id: string;
}

async function localRuns(page: Page): Promise<{ runs: LocalRun[]; log: LocalNotification[] }> {
  const rows = await readStores(page, ['expiryRuns', 'notificationLog']);
  return { runs: rows.expiryRuns as LocalRun[], log: rows.notificationLog as LocalNotification[] };
}

const SYNC_TOKEN = 'e2e-expiry-coord-119-token';

/** Every run the coordinator's token sees on the server, each with its detail. */
async function serverRuns(server: ReferenceServer): Promise<RunDetail[]> {
  const list = await callServer<RunList>(server, SYNC_TOKEN, 'GET', '/expiry-orchestration?limit=100');
  expect(list.status).toBe(200);
  const details: RunDetail[] = [];
  for (const run of list.body.data) {
    const detail = await callServer<RunDetail>(
      server,
      SYNC_TOKEN,
      'GET',
      `/expiry-orchestration/${run.run_id}`,
    );
    expect(detail.status).toBe(200);
    details.push(detail.body);
  }
  return details.sort((a, b) => a.run_id.localeCompare(b.run_id));
}

const byKey = (a: { mentor_id: string; threshold: string }, b: { mentor_id: string; threshold: string }) =>
  `${a.mentor_id}|${a.threshold}`.localeCompare(`${b.mentor_id}|${b.threshold}`);

async function syncNow(page: Page): Promise<void> {
  await page.goto('/#/sync');
  await page.getByRole('button', { name: 'Sync now' }).click();
  await expect(page.getByRole('status', { name: 'Sync state' })).toHaveText('Up to date', {
    timeout: 30_000,
  });
}

test('after sync the server holds the runs exactly once, and nothing goes twice', async ({
  page,
  context,
}) => {
  test.setTimeout(180_000);
  const dataDir = await makeDataDir();
  let server: ReferenceServer | undefined;
  try {
    server = await startReferenceServer({ tokens: { [SYNC_TOKEN]: COORDINATOR }, dataDir: dataDir.dir });
    const engine = await holdEngine(context);
    await page.goto('/#/mentors');
    const { today } = await localClock(page);
    await importRoster(page, [
      ['m-expired', 'Ada Expired', addDays(today, -3), null],
      ['m-week', 'Bo Week', addDays(today, 5), null],
      ['m-month', 'Cy Month', addDays(today, 20), null],
      ['m-fine', 'Di Fine', addDays(today, 200), null],
    ]);

    // today's scheduled run is behind; the import's roster check fires once the engine runs
    await rememberScheduledRunOn(page, today);
    await engine.release();
    const toast = page.getByRole('region', { name: 'Notifications' }).getByRole('article');
    await expect(toast).toHaveCount(1, { timeout: 60_000 });
    await expect(toast).toContainText('3 certifications need attention');

    // Run now: nothing new to dispatch
    await page.goto('/#/runs');
    const runs = page.getByRole('table', { name: 'Runs' });
    await page.getByRole('button', { name: 'Run now' }).click();
    const manual = runs.getByRole('row').filter({ hasText: 'Run now' });
    await expect(manual).toContainText('Completed', { timeout: 60_000 });
    await expect(manual.getByRole('cell').nth(4)).toHaveText('0');
    const scheduled = runs.getByRole('row').filter({ hasText: 'Roster change' });
    await expect(scheduled).toContainText('Completed');

    // resolve the roster check's run, delete the manual one
    const manualId = (await localRuns(page)).runs.find((r) => r.triggered_by === 'admin_manual')!.run_id;
    await scheduled.getByRole('link').click();
    await page.getByRole('button', { name: 'Resolve…' }).click();
    const resolve = page.getByRole('dialog', { name: 'Resolve this run?' });
    await resolve.getByLabel('Resolution notes').fill('Called the three mentors about renewal');
    await resolve.getByRole('button', { name: 'Resolve' }).click();
    await expect(page.getByRole('status', { name: 'Run status' })).toHaveText('Resolved');
    await page.goto('/#/runs');
    await manual.getByRole('link').click();
    await page.getByRole('button', { name: 'Delete…' }).click();
    await page
      .getByRole('dialog', { name: 'Delete this run record?' })
      .getByRole('button', { name: 'Delete the run' })
      .click();
    await expect(page).toHaveURL(/#\/runs$/);
    await expect(runs.getByRole('row')).toHaveCount(2);

    const before = await localRuns(page);
    expect(before.runs).toHaveLength(1);
    expect(before.log).toHaveLength(3);
    const local = before.runs[0]!;
    expect(local).toMatchObject({ triggered_by: 'roster-change', status: 'resolved' });

    // connect and sync
    await page.goto('/#/sync');
    await page.getByLabel('Server address').fill(server.url);
    await page.getByLabel('Token').fill(SYNC_TOKEN);
    await page.getByRole('button', { name: 'Save server settings' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Saved' })).toBeVisible();
    await expect(page.getByRole('status', { name: 'Sync state' })).toHaveText('Up to date', {
      timeout: 30_000,
    });
    await expect.poll(async () => (await localRuns(page)).runs[0]?.sync_state).toBe('synced');

    // the server holds the local run once, field for field, and not the deleted one
    const held = await serverRuns(server);
    expect(held.map((r) => r.run_id)).toEqual([local.run_id]);
    const [run] = held;
    expect(run).toMatchObject({
      run_id: local.run_id,
      triggered_by: 'roster-change',
      expirations_evaluated: local.expirations_evaluated,
      notifications_dispatched: 3,
      thresholds_hit: ['30_day', '7_day', 'expired'],
      status: 'resolved',
      resolution_notes: 'Called the three mentors about renewal',
    });
    expect(local.thresholds_hit).toEqual(run!.thresholds_hit);
    expect(local.notifications_dispatched).toBe(3);
    const fields = ({ mentor_id, coordinator_id, threshold, expiry_date }: LocalNotification) => ({
      mentor_id,
      coordinator_id,
      threshold,
      expiry_date,
    });
    expect(run!.dispatched_notifications.map((n) => fields(n as LocalNotification)).sort(byKey)).toEqual(
      before.log.map(fields).sort(byKey),
    );
    const gone = await callServer<unknown>(server, SYNC_TOKEN, 'GET', `/expiry-orchestration/${manualId}`);
    expect(gone.status).toBe(404);

    // syncing again sends nothing twice: the server is unchanged
    await syncNow(page);
    expect(await serverRuns(server)).toEqual(held);

    // a reload restarts the engine (and its syncer): still nothing sent again, nothing run again
    await page.reload();
    await expect
      .poll(async () => (await readEngineStatus(page))?.state, { timeout: 60_000 })
      .toMatch(/idle|running/);
    await syncNow(page);
    expect(await serverRuns(server)).toEqual(held);
    const after = await localRuns(page);
    expect(after.runs.map((r) => [r.run_id, r.status, r.sync_state])).toEqual([
      [local.run_id, 'resolved', 'synced'],
    ]);
    expect(after.log).toHaveLength(3);

    // the server knows all three reminders were sent: a run over the same dates dispatches none
    const probe = await callServer<RunDetail>(server, SYNC_TOKEN, 'POST', '/expiry-orchestration', {
      triggered_by: 'admin_manual',
      evaluated_at: run!.evaluated_at,
      expirations: before.log.map(({ mentor_id, coordinator_id, expiry_date }) => ({
        mentor_id,
        coordinator_id,
        expiry_date,
      })),
    });
    expect(probe.status).toBe(201);
    expect(probe.body).toMatchObject({ expirations_evaluated: 3, notifications_dispatched: 0 });
  } finally {
    await server?.stop();
    await dataDir.remove();
  }
});

test('a roster import or edit that makes a certification due raises the reminder at once, without Run now', async ({
  page,
}) => {
  test.setTimeout(120_000);
  await setCoordinatorId(page);
  await page.goto('/#/mentors');
  const { today } = await localClock(page);
  const toast = page.getByRole('region', { name: 'Notifications' }).getByRole('article');

  // the engine runs; today's scheduled run is behind it, so only the roster check can raise one
  await rememberScheduledRunOn(page, today);
  await importRoster(page, [
    ['m-expired', 'Ada Expired', addDays(today, -2), null],
    ['m-fine', 'Di Fine', addDays(today, 200), null],
  ]);
  await expect(toast).toHaveCount(1, { timeout: 60_000 });
  await expect(toast).toContainText('1 certification needs attention');
  await page.goto('/#/reminders');
  const list = page.getByRole('list', { name: 'Certification reminders' });
  await expect(list.getByRole('listitem')).toHaveCount(1);
  await expect(list).toContainText('Ada Expired');
  await page.goto('/#/runs');
  await expect(
    page.getByRole('table', { name: 'Runs' }).getByRole('row').filter({ hasText: 'Roster change' }),
  ).toContainText('Completed');

  // a hand edit that brings a fine mentor within 7 days
  await toast.getByRole('button', { name: /^Dismiss/ }).click();
  await page.goto('/#/mentors');
  await page.getByRole('button', { name: 'Edit Di Fine' }).click();
  await page.getByLabel('Certification expiry date').fill(addDays(today, 4));
  await page.getByRole('button', { name: 'Save' }).click();
  await page.goto('/#/reminders');
  await expect(list.getByRole('listitem')).toHaveCount(2, { timeout: 60_000 });
  await expect(list).toContainText('Di Fine');
});
