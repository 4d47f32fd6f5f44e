import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import type { AssessmentForm, Event, JobList } from '../../src/contract';
import { startFaultProxy, type FaultProxy } from '../support/faultProxy';
import { COORDINATOR, downloaded, setCoordinatorId } from './fixtures/app';
import { DB_NAME } from './support/idb';
import { callServer, makeDataDir, startReferenceServer, type ReferenceServer } from './support/server';

/**
 * Issue #12 (a), acceptance 1: a people file imported offline with messy headers, a bad email (fixed
 * in the grid), a duplicate (excluded) and a person already registered on the server; the local
 * outcomes; then online through the fault proxy: jobs of at most 50 people, the server's results
 * replacing the local ones (the changed outcome shown), one "registered, failed" notification;
 * the failed rows exported and imported again; the failed task fixed and retried.
 */

const TOKEN = 'e2e-attendees-coord-119';
const ADMIN = 'e2e-attendees-admin';
const ORG = crypto.randomUUID();
const VENUE = crypto.randomUUID();
const FORM_ID = crypto.randomUUID();
const EVENT_ID = crypto.randomUUID();

const CSV = [
  'Given Name,SURNAME,E-mail Address,Mobile,Exam code,Extra time (mins)',
  'Ada,Lovelace,ada@example.org,+44 1,IELTS-AC,30',
  'Bob,Brown,bob-at-example,,IELTS-AC,',
  'Carol,Chen,carol@example.org,,,',
  'Carol,Chen (again),CAROL@example.org,,,',
  'Grace,Hopper,grace@example.org,,IELTS-AC,',
  ...Array.from({ length: 55 }, (_, i) => `Person,Number${i + 1},person${i + 1}@example.org,,,`),
].join('\n');

test.use({ viewport: { width: 1366, height: 768 } });

let dataDir: Awaited<ReturnType<typeof makeDataDir>>;
let server: ReferenceServer | undefined;
let proxy: FaultProxy | undefined;

test.beforeEach(async () => {
  dataDir = await makeDataDir();
});
test.afterEach(async () => {
  await proxy?.close();
  await server?.stop();
  proxy = undefined;
  server = undefined;
  await dataDir.remove();
});

async function put(target: ReferenceServer, path: string, body: unknown): Promise<unknown> {
  const response = await fetch(`${target.url}/api/v1${path}`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(response.status).toBe(200);
  return response.json();
}

/** The venue, its exam class, a form and the event on the server; Grace registered there already. */
async function serverSetup(target: ReferenceServer): Promise<{ event: Event; form: AssessmentForm }> {
  await put(target, `/venues/${VENUE}`, { organization_id: ORG, name: 'Hall A', time_zone: 'Europe/London' });
  await put(target, `/exam-classes/${ORG}`, {
    data: [{ exam_type: 'ielts', exam_formats: ['paper'], billing_codes: ['B1'] }],
  });
  const form = (await put(target, `/assessment-forms/${FORM_ID}`, {
    code: 'IELTS-AC',
    title: 'IELTS Academic',
    exam_type: 'ielts',
    published: true,
    bilingual: false,
  })) as AssessmentForm;
  const start = new Date(Date.now() + 7 * 86_400_000).toISOString();
  const event = await callServer<Event>(target, TOKEN, 'POST', `/events/${EVENT_ID}`, {
    event_venue: VENUE,
    event_start: start,
    event_exam_type: 'ielts',
    event_exam_format: 'paper',
    event_billing_code: 'B1',
    registration_limit: 100,
  });
  expect(event.status).toBe(200);
  const grace = await callServer(target, TOKEN, 'POST', `/events/${EVENT_ID}/people`, {
    first_name: 'Grace',
    last_name: 'Hopper',
    email: 'grace@example.org',
  });
  expect(grace.status).toBe(200);
  return { event: event.body, form };
}

/**
 * The event and form as the laptop's reference pull stores them (the pull of events is the
 * field-registration core's; this test stores its result directly, through raw IndexedDB).
 */
async function storePulled(page: Page, event: Event, form: AssessmentForm): Promise<void> {
  await page.evaluate(
    async ({ name, event, form }) => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const open = indexedDB.open(name);
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(open.error);
      });
      const tx = db.transaction(['events', 'assessmentForms'], 'readwrite');
      tx.objectStore('events').put({
        ...event,
        sync_state: 'synced',
        local_date: event.event_start.slice(0, 10),
      });
      tx.objectStore('assessmentForms').put({ ...form, pulled_at: Date.now() });
      await new Promise((resolve, reject) => {
        tx.oncomplete = resolve;
        tx.onerror = () => reject(tx.error);
      });
      db.close();
    },
    { name: DB_NAME, event, form },
  );
}

async function choosePeopleFile(page: Page, name: string, buffer: Buffer, mimeType: string) {
  await page.goto('/#/import');
  await page.getByRole('button', { name: 'People for an event' }).click();
  await page.getByLabel('Choose a spreadsheet').setInputFiles({ name, mimeType, buffer });
  await expect(page.getByRole('button', { name: 'Confirm columns and check the rows' })).toBeVisible();
}

async function pointAppAt(page: Page, url: string): Promise<void> {
  await page.goto('/#/sync');
  await page.getByLabel('Server address').fill(url);
  await page.getByLabel('Token').fill(TOKEN);
  await page.getByRole('button', { name: 'Save server settings' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved' })).toBeVisible();
}

test('people imported offline are registered locally, then by the server in jobs of 50, with the changed outcome, one notification, export and retry', async ({
  page,
  context,
}) => {
  test.setTimeout(300_000);
  server = await startReferenceServer({
    tokens: { [TOKEN]: COORDINATOR, [ADMIN]: 'admin' },
    dataDir: dataDir.dir,
  });
  proxy = await startFaultProxy(server.url);
  const { event, form } = await serverSetup(server);

  await setCoordinatorId(page);
  await storePulled(page, event, form);

  await choosePeopleFile(page, 'Spring sitting.csv', Buffer.from(CSV, 'utf8'), 'text/csv');
  // from here on the laptop is offline: the wizard's worker is loaded
  await context.setOffline(true);
  await page.getByRole('button', { name: 'Confirm columns and check the rows' }).click();

  const grid = page.getByRole('table', { name: 'Rows to import' });
  await expect(grid).toContainText('bob-at-example is not an email address');
  await expect(grid).toContainText('This email is also on row 4');
  await grid.getByRole('button', { name: /^Edit Email of row 3/ }).click();
  await grid.getByLabel('Email of row 3').fill('bob@example.org');
  await grid.getByLabel('Email of row 3').press('Enter');
  await expect(grid).not.toContainText('bob-at-example is not an email address');
  await grid.getByLabel('Exclude row 5').check();
  await page.getByLabel('Import name').fill('Spring sitting');
  await page.getByRole('button', { name: 'Register 59 people' }).click();

  // the local outcomes, offline: everyone fits, Grace too (this laptop does not know of her)
  await expect(page).toHaveURL(/#\/attendees\/[0-9a-f-]{36}$/);
  await expect(page.getByRole('heading', { name: 'Spring sitting' })).toBeVisible();
  await expect(page.getByRole('status', { name: 'Import status' })).toHaveText('Processing');
  await expect(page.getByLabel('People counts')).toContainText('Registered59');
  await expect(page.getByLabel('People counts')).toContainText('Waiting for the server59');
  const jobPage = page.url();

  // online: through the proxy, which logs every request
  await context.setOffline(false);
  await pointAppAt(page, proxy.url);
  await page.goto(jobPage);
  await expect(page.getByRole('status', { name: 'Import status' })).toHaveText('Failed', { timeout: 90_000 });
  await expect(page.getByLabel('People counts')).toContainText('Registered58');
  await expect(page.getByLabel('People counts')).toContainText('Failed1');
  const graceRow = page
    .getByRole('table', { name: 'People and outcomes' })
    .getByRole('row')
    .filter({ hasText: 'grace@example.org' });
  await expect(graceRow).toContainText('already_registered');
  await expect(graceRow).toContainText('User already registered for this session.');
  await expect(graceRow).toContainText('registered → failed: already_registered');

  // the job page passes the axe check the other pages do, and its picture goes into the docs
  const axe = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  expect(
    axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id),
  ).toEqual([]);
  await page.screenshot({ path: 'docs/screenshots/attendee-job.png' });

  const bulk = proxy.log.filter((r) => r.method === 'POST' && r.path.endsWith('/people/bulk'));
  expect(new Set(bulk.map((r) => r.key)).size).toBe(2);
  expect(bulk.every((r) => r.tasks !== undefined && r.tasks <= 50)).toBe(true);
  expect(bulk.map((r) => r.tasks).sort()).toEqual(expect.arrayContaining([50, 9]));

  const toasts = page.getByRole('region', { name: 'Notifications' }).getByRole('article');
  await expect(toasts.filter({ hasText: 'Spring sitting: 58 registered, 1 failed' })).toHaveCount(1);
  await page.reload();
  await expect(page.getByRole('status', { name: 'Import status' })).toHaveText('Failed');
  await page.waitForTimeout(2_000);
  await expect(toasts.filter({ hasText: 'Spring sitting: 58 registered, 1 failed' })).toHaveCount(0);

  // the changed outcome waits on the dashboard, linked to the job page, until it is marked as seen there
  await page.goto(jobPage.replace(/#.*$/, '#/dashboard'));
  const attention = page.getByRole('list', { name: 'Needs attention' });
  const changedLine = attention.getByRole('link', {
    name: '1 outcome the server changed in the people import “Spring sitting”, to be seen',
  });
  await changedLine.click();
  await expect(page).toHaveURL(jobPage);
  await expect(page.getByLabel('People counts')).toContainText('Changed by the server1');
  await page.getByRole('button', { name: 'Mark as seen' }).click();
  await expect(page.getByLabel('People counts')).toContainText('Changed by the server0');
  await expect(page.getByRole('button', { name: 'Mark as seen' })).toHaveCount(0);
  await page.goto(jobPage.replace(/#.*$/, '#/dashboard'));
  await expect(page.getByRole('heading', { name: 'Needs attention' })).toBeVisible();
  await expect(page.getByText('the server changed in the people import')).toHaveCount(0);
  await page.goto(jobPage);

  // the failed filter, and the failed rows exported in the import layout
  await page.getByRole('button', { name: 'Failed (1)' }).click();
  await expect(page.getByRole('table', { name: 'People and outcomes' }).getByRole('row')).toHaveCount(2);
  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export failed rows' }).click();
  const failedFile = await downloaded(await downloading);

  // the exported file imports again as it was (Grace fails again on the server: she is registered)
  await choosePeopleFile(
    page,
    'failed.xlsx',
    failedFile,
    'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  );
  await page.getByRole('button', { name: 'Confirm columns and check the rows' }).click();
  await page.getByLabel('Import name').fill('Spring sitting again');
  await page.getByRole('button', { name: 'Register 1 person' }).click();
  await expect(page.getByRole('heading', { name: 'Spring sitting again' })).toBeVisible();
  await expect(page.getByRole('status', { name: 'Import status' })).toHaveText('Failed', { timeout: 60_000 });

  // the failed task fixed (another email) and retried: the import ends
  await page.goto(jobPage);
  await page.getByRole('button', { name: 'Fix…' }).click();
  await page.getByLabel('Email', { exact: true }).fill('grace.h@example.org');
  await page.getByRole('button', { name: 'Retry 1 failed' }).click();
  await expect(page.getByRole('status', { name: 'Import status' })).toHaveText('Ended', { timeout: 60_000 });
  await expect(page.getByLabel('People counts')).toContainText('Registered59');

  const jobs = await callServer<JobList>(server, TOKEN, 'GET', `/jobs?event_id=${EVENT_ID}&limit=100`);
  expect(jobs.body.data).toHaveLength(4);
  const search = await callServer<{ pagination: { total: number } }>(
    server,
    TOKEN,
    'POST',
    '/registrations/search',
    {
      event_id: EVENT_ID,
      limit: 1,
    },
  );
  // Grace (registered first) and the 59 of the file, Grace's fixed row among them
  expect(search.body.pagination.total).toBe(60);
});
