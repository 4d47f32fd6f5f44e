import { expect, test, type Page } from '@playwright/test';
import { COORDINATOR, setCoordinatorId } from './fixtures/app';
import {
  addLearnerAtDesk,
  connectToServer,
  dayFromToday,
  desk,
  findLearnerAtDesk,
  loadFieldReference,
  nav,
  openRegistration,
  type FieldReference,
} from './fixtures/field';
import { fieldAgreement, readServerFieldRecords } from './support/fieldAgreement';
import { makeDataDir, startReferenceServer, type ReferenceServer } from './support/server';
import { startFaultProxy, type FaultProxy } from '../support/faultProxy';
import { seriousAxeViolationsInBothSchemes } from './support/axe';

/**
 * Issue #11, acceptance 2: a coordinator works offline through every field registration page
 * (an event made, three people registered the lax way, one of them making a provisional event,
 * a transfer, a cancel, an accommodation granted and revoked, an assessment changed, search by
 * accented name and by code, the invigilator's sheet printed), then comes online: the app and
 * the real reference server agree record by record, and a second sync sends nothing.
 */

const TOKEN = 'e2e-field-coord-119';
const ADMIN_TOKEN = 'e2e-field-admin';

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

/** Picks the desk's event whose option starts with `text` (its seats follow in brackets). */
async function pickEvent(page: Page, text: string): Promise<void> {
  const option = desk(page).event.locator('option', { hasText: text });
  await desk(page).event.selectOption((await option.getAttribute('value'))!);
}

test('offline through every field registration page, then online the app and the server agree and a second sync sends nothing', async ({
  page,
  context,
}) => {
  test.setTimeout(420_000);
  server = await startReferenceServer({
    tokens: { [TOKEN]: COORDINATOR, [ADMIN_TOKEN]: 'admin' },
    dataDir: dataDir.dir,
  });
  proxy = await startFaultProxy(server.url);
  const ref: FieldReference = await loadFieldReference(server, ADMIN_TOKEN);
  const today = dayFromToday(0);
  const tomorrow = dayFromToday(1);

  await setCoordinatorId(page);
  await connectToServer(page, proxy.url, TOKEN);
  await context.setOffline(true);
  await expect(page.getByRole('status', { name: 'Network' })).toHaveText('Offline');

  // Events: a sitting in Paris today at 12:00, three seats
  await nav(page, 'Events').click();
  await page.getByRole('button', { name: 'New event' }).click();
  const newEvent = page.getByRole('form', { name: 'New event' });
  await newEvent.getByLabel('Venue', { exact: true }).selectOption({ label: 'Paris centre' });
  await newEvent.getByLabel('Start', { exact: true }).fill(`${today}T12:00`);
  await newEvent.getByLabel('Exam type', { exact: true }).fill('CPA');
  await newEvent.getByLabel('Exam format', { exact: true }).fill('paper');
  await newEvent.getByLabel('Billing code', { exact: true }).fill('B1');
  await newEvent.getByLabel('Seats (registration limit)').fill('3');
  await newEvent.getByRole('button', { name: 'Create the event' }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'CPA paper · Paris centre' })).toBeVisible();
  await expect(page.getByLabel('Seats')).toHaveText('0 taken · 3 left');
  await page.getByRole('link', { name: '← Events of that day' }).click();
  await expect(page.getByRole('table', { name: 'Events of the day' })).toContainText('12:00');

  // the desk: Zoë added inline on that event, with an accommodation; Enter registers
  await nav(page, 'Registration desk').click();
  const d = desk(page);
  await expect(d.learner).toBeFocused();
  await addLearnerAtDesk(page, 'Zoë Müller', 'zoe.muller@example.org');
  await pickEvent(page, `${today} 12:00 CPA paper · Paris centre`);
  await expect(d.form.getByText('Seats: 0 taken · 3 left')).toBeVisible();
  await d.assessment.fill(ref.codes.cpa1);
  await d.form.getByRole('button', { name: 'Add an accommodation' }).click();
  await d.form.getByLabel('Accommodation type').fill('extra_time');
  await d.form.getByLabel('Description').fill('Extra time');
  await d.form.getByLabel('Extra minutes').fill('30');
  await d.form.getByLabel('Extra minutes').press('Enter');
  await expect(d.confirmation).toContainText('Registered Zoë Müller on CPA paper · Paris centre');
  const zoeCode = (await d.confirmation.getByLabel('Confirmation code').textContent())!.trim();
  expect(zoeCode).toMatch(/^[0-9A-HJKMNP-TV-Z]{8}$/);
  // ready for the next person: focus in the learner field, the person cleared, the sitting kept
  await expect(d.learner).toBeFocused();
  await expect(d.learner).toHaveValue('');
  await expect(d.form.getByLabel('Accommodation type')).toHaveCount(0);
  await expect(d.form.getByText('Seats: 1 taken · 2 left')).toBeVisible();

  // Jean on the same sitting
  await addLearnerAtDesk(page, 'Jean Dupont', 'jean.dupont@example.org');
  await d.form.getByLabel('Email', { exact: true }).press('Enter');
  await expect(d.confirmation).toContainText('Registered Jean Dupont');
  const jeanCode = (await d.confirmation.getByLabel('Confirmation code').textContent())!.trim();

  // Ana at a venue and start no event has: the lax way makes a provisional event
  await addLearnerAtDesk(page, 'Ana Lima', 'ana.lima@example.org');
  await d.event.selectOption({ label: 'Another venue and start (type them below)' });
  await d.venue.selectOption({ label: 'Los Angeles centre' });
  await d.start.fill(`${tomorrow}T09:00`);
  await d.examType.fill('CPA');
  await d.examFormat.fill('online');
  await d.billingCode.fill('B2');
  await expect(
    d.form.getByText('No event at this venue and start here yet: registering makes one.'),
  ).toBeVisible();
  await d.assessment.fill(ref.codes.cpa1);
  await d.assessment.press('Enter');
  await expect(d.confirmation).toContainText('Registered Ana Lima on CPA online · Los Angeles centre');
  await expect(d.confirmation).toContainText('a new event was made for this venue and start');
  const anaCode = (await d.confirmation.getByLabel('Confirmation code').textContent())!.trim();
  const axe: string[] = await seriousAxeViolationsInBothSchemes(page, 'desk after a registration');
  await page.screenshot({ path: 'docs/screenshots/desk-registered.png' });

  // a learner already here is found while typing (by part of the email)
  await findLearnerAtDesk(page, 'jean.dup', 'Jean Dupont');
  await d.learner.fill('');

  // transfer Jean to the Los Angeles sitting
  await openRegistration(page, jeanCode);
  const transfer = page.getByRole('form', { name: 'Transfer' });
  await transfer.getByLabel('Venue', { exact: true }).selectOption({ label: 'Los Angeles centre' });
  await transfer.getByLabel('Start', { exact: true }).fill(`${tomorrow}T09:00`);
  await transfer.getByLabel('Reason for the transfer').fill('Moved to Los Angeles');
  await transfer.getByRole('button', { name: 'Transfer' }).click();
  await expect(transfer.getByRole('status')).toHaveText('Transferred');
  await expect(page.getByRole('link', { name: /CPA online · Los Angeles centre/ })).toBeVisible();
  await expect(page.getByRole('table', { name: 'History' })).toContainText('Moved to Los Angeles');

  // cancel Ana
  await openRegistration(page, anaCode);
  const cancel = page.getByRole('form', { name: 'Cancel the registration' });
  await cancel.getByLabel('Reason for cancelling').fill('Unwell');
  await cancel.getByRole('button', { name: 'Cancel the registration' }).click();
  await expect(page.getByRole('heading', { level: 2, name: new RegExp(anaCode) })).toBeVisible();
  await expect(page.locator('.card-header').first()).toContainText('Cancelled');

  // Zoë: grant and revoke an accommodation, change the assessment
  await openRegistration(page, zoeCode);
  const grant = page.getByRole('form', { name: 'Grant an accommodation' });
  await grant.getByLabel('Accommodation type').fill('large_print');
  await grant.getByLabel('Description').fill('Large print paper');
  await grant.getByRole('button', { name: 'Grant the accommodation' }).click();
  const granted = page.getByRole('table', { name: 'Accommodations granted' });
  await expect(granted).toContainText('large_print');
  await page.getByRole('button', { name: 'Revoke large_print' }).click();
  await expect(granted).not.toContainText('large_print');
  await expect(granted).toContainText('extra_time');
  const change = page.getByRole('form', { name: 'Change the assessment' });
  await change.getByLabel('New assessment').fill(ref.codes.cpa2);
  await change.getByRole('button', { name: 'Change the assessment' }).click();
  await expect(page.getByLabel('Assessment', { exact: true })).toHaveText(ref.codes.cpa2);
  axe.push(...(await seriousAxeViolationsInBothSchemes(page, 'registration detail')));
  await page.screenshot({ path: 'docs/screenshots/registration-detail.png', fullPage: true });

  // search: by name without its accents and in capitals, and by code
  await nav(page, 'Registrations').click();
  const found = page.getByRole('status', { name: 'Registrations found' });
  await expect(found).toHaveText('3 registrations');
  await page.getByRole('search').getByLabel('Name').fill('zoe muller');
  await expect(found).toHaveText('1 registration');
  await expect(page.getByRole('table', { name: 'Registrations found' })).toContainText('Zoë Müller');
  await page.getByRole('search').getByLabel('Name').fill('MÜLLER');
  await expect(found).toHaveText('1 registration');
  await page.getByRole('search').getByLabel('Name').fill('');
  await page.getByRole('search').getByLabel('Code').fill(jeanCode.toLowerCase());
  await expect(found).toHaveText('1 registration');
  await expect(page.getByRole('table', { name: 'Registrations found' })).toContainText('Jean Dupont');
  await page.getByRole('search').getByLabel('Code').fill('');
  await page.getByRole('search').getByLabel('Status').selectOption('cancelled');
  await expect(found).toHaveText('1 registration');
  await expect(page.getByRole('table', { name: 'Registrations found' })).toContainText('Ana Lima');
  await page.getByRole('search').getByLabel('Status').selectOption('');
  // the change times, typed on this computer's clock: none changed since tomorrow
  const since = page.getByRole('search').getByLabel('Changed since');
  await since.fill(`${tomorrow}T00:00`);
  await expect(found).toHaveText('0 registrations');
  await since.fill('');
  await expect(found).toHaveText('3 registrations');

  // the invigilator's sheet of the Paris sitting, as printed: no navigation, Zoë in seat 1
  await openRegistration(page, zoeCode);
  await page.getByRole('link', { name: /CPA paper · Paris centre/ }).click();
  axe.push(...(await seriousAxeViolationsInBothSchemes(page, 'event detail')));
  await page.screenshot({ path: 'docs/screenshots/event-detail.png', fullPage: true });
  await page.getByRole('link', { name: "Open the invigilator's sheet" }).click();
  const sheet = page.getByRole('table', { name: 'Candidates' });
  await expect(sheet.getByRole('row')).toHaveCount(2);
  await page.emulateMedia({ media: 'print' });
  await expect(page.getByRole('navigation', { name: 'Main' })).toBeHidden();
  await expect(page.getByRole('button', { name: 'Print the sheet' })).toBeHidden();
  await expect(
    page.getByRole('heading', { name: "Invigilator's sheet: CPA paper · Paris centre" }),
  ).toBeVisible();
  await expect(sheet.getByRole('row').nth(1)).toHaveText(
    new RegExp(`^1${zoeCode}Zoë Müller${ref.codes.cpa2}extra_time \\(Extra time\\)30$`),
  );
  await expect(page.getByLabel('Scrap paper')).toHaveText('2 sheets of scrap paper');
  await page.screenshot({ path: 'docs/screenshots/scrap-paper-print.png', fullPage: true });
  await page.emulateMedia({ media: 'screen' });
  await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();

  axe.push(...(await seriousAxeViolationsInBothSchemes(page, "invigilator's sheet")));
  await nav(page, 'Events').click();
  await page.getByRole('button', { name: 'Week', exact: true }).click();
  await expect(
    page.getByRole('region', { name: /./ }).filter({ hasText: 'CPA paper · Paris centre' }),
  ).toHaveCount(1);
  axe.push(...(await seriousAxeViolationsInBothSchemes(page, 'events week')));
  await page.screenshot({ path: 'docs/screenshots/events-week.png' });
  expect(axe).toEqual([]);

  // nothing reached the server while offline
  expect((await readServerFieldRecords(server, TOKEN)).registrations).toEqual([]);

  // online: everything goes, once; the app and the server agree record by record
  await context.setOffline(false);
  await nav(page, 'Sync').click();
  await expect(page.getByRole('status', { name: 'Sync state' })).toHaveText('Up to date', {
    timeout: 60_000,
  });
  await expect(page.getByText('Nothing waits: every change made here has reached the server.')).toBeVisible();
  await expect.poll(() => fieldAgreement(page, server!, TOKEN), { timeout: 30_000 }).toEqual([]);
  const held = await readServerFieldRecords(server, TOKEN);
  expect(held.registrations).toHaveLength(3);
  expect(held.learners).toHaveLength(3);
  // the Paris sitting and the one the Los Angeles registration found or made: no provisional copy
  expect(held.events.map((e) => `${e.event_exam_format} ${e.registered_count}`).sort()).toEqual([
    'online 1',
    'paper 1',
  ]);

  // a second sync sends nothing: no write reaches the server
  const before = proxy.log.length;
  await page.getByRole('button', { name: 'Sync now' }).click();
  await expect(page.getByRole('status', { name: 'Sync state' })).toHaveText('Up to date');
  await expect.poll(() => proxy!.log.length).toBeGreaterThan(before);
  // reads (and the browser's CORS preflights) may go; a write would be something sent again
  const writes = proxy.log
    .slice(before)
    .filter((r) => !['GET', 'HEAD', 'OPTIONS'].includes(r.method))
    .map((r) => `${r.method} ${r.path}`);
  expect(writes).toEqual([]);
  expect(await fieldAgreement(page, server, TOKEN)).toEqual([]);
});
