import { expect, test, type Locator, type Page } from '@playwright/test';
import { REGISTRATION_ERRORS } from '../../src/domain/registrationErrors';
import { COORDINATOR, setCoordinatorId } from './fixtures/app';
import {
  addLearnerAtDesk,
  connectToServer,
  dayFromToday,
  desk,
  expectFieldError,
  findLearnerAtDesk,
  loadFieldReference,
  nav,
  openRegistration,
} from './fixtures/field';
import { readLocalFieldRecords } from './support/fieldAgreement';
import { callServer, makeDataDir, startReferenceServer, type ReferenceServer } from './support/server';

/**
 * Issue #11, acceptance 5: every error of seed 002 (and the contract's additions) that a command
 * can give is shown in the UI in the seed's words, next to the field it concerns; the seat limit
 * is refused offline when the local count is full. All of it offline, after one pull of the
 * reference data from the real server.
 */

const TOKEN = 'e2e-field-errors-coord-119';
const ADMIN_TOKEN = 'e2e-field-errors-admin';
const says = (code: keyof typeof REGISTRATION_ERRORS) => REGISTRATION_ERRORS[code].message;

let dataDir: Awaited<ReturnType<typeof makeDataDir>>;
let server: ReferenceServer | undefined;

test.beforeEach(async () => {
  dataDir = await makeDataDir();
});

test.afterEach(async () => {
  await server?.stop();
  server = undefined;
  await dataDir.remove();
});

async function register(page: Page): Promise<void> {
  await desk(page).form.getByRole('button', { name: 'Register' }).click();
}

/** The code the desk just confirmed. */
async function lastCode(page: Page): Promise<string> {
  const code = desk(page).confirmation.getByLabel('Confirmation code');
  await expect(code).toHaveText(/^[0-9A-Z]{8}$/);
  return (await code.textContent())!.trim();
}

async function fillSitting(
  page: Page,
  fields: { venue?: string; start?: string; type?: string; format?: string; billing?: string },
): Promise<void> {
  const d = desk(page);
  if (fields.venue !== undefined) await d.venue.selectOption({ label: fields.venue });
  if (fields.start !== undefined) await d.start.fill(fields.start);
  if (fields.type !== undefined) await d.examType.fill(fields.type);
  if (fields.format !== undefined) await d.examFormat.fill(fields.format);
  if (fields.billing !== undefined) await d.billingCode.fill(fields.billing);
}

/** The form-level sentence of one of the detail page's command forms. */
const formAlert = (form: Locator) => form.getByRole('alert').last();

test('every refusal of seed 002 shows in its words next to its field, offline; a full event refuses the next seat', async ({
  page,
  context,
}) => {
  test.setTimeout(420_000);
  server = await startReferenceServer({
    tokens: { [TOKEN]: COORDINATOR, [ADMIN_TOKEN]: 'admin' },
    dataDir: dataDir.dir,
  });
  const ref = await loadFieldReference(server, ADMIN_TOKEN);
  const day = dayFromToday(2);
  await setCoordinatorId(page);
  await connectToServer(page, server.url, TOKEN);
  await context.setOffline(true);

  await nav(page, 'Registration desk').click();
  const d = desk(page);

  // nothing chosen: the accommodation's empty type is checked first, then the learner
  await d.form.getByRole('button', { name: 'Add an accommodation' }).click();
  await register(page);
  await expectFieldError(d.form.getByLabel('Accommodation type'), says('accommodation_type_empty'));
  await d.form.getByRole('button', { name: 'Remove accommodation 1' }).click();
  await register(page);
  await expectFieldError(d.learner, says('learner_not_found'));

  // the sitting, field by field
  await addLearnerAtDesk(page, 'Zoë Müller', 'zoe@example.org');
  await register(page);
  await expectFieldError(d.venue, says('venue_not_found'));
  // the new learner is kept after a refusal, so a retry does not add her twice
  await expect(d.learner).toHaveValue('Zoë Müller');
  await fillSitting(page, { venue: 'Paris centre' });
  await register(page);
  await expectFieldError(d.start, says('event_start_invalid'));
  await fillSitting(page, { start: `${day}T09:00` });
  await register(page);
  await expectFieldError(d.examType, says('event_exam_type_missing'));
  await fillSitting(page, { type: 'XYZ' });
  await register(page);
  await expectFieldError(d.examType, says('event_exam_type_invalid'));
  await fillSitting(page, { type: 'CPA' });
  await register(page);
  await expectFieldError(d.examFormat, says('event_exam_format_missing'));
  await fillSitting(page, { format: 'carrier pigeon' });
  await register(page);
  await expectFieldError(d.examFormat, says('event_exam_format_invalid'));
  await fillSitting(page, { format: 'paper' });
  await register(page);
  await expectFieldError(d.billingCode, says('event_billing_code_missing'));
  await fillSitting(page, { billing: 'B9' });
  await register(page);
  await expectFieldError(d.billingCode, says('event_billing_code_invalid'));
  await fillSitting(page, { billing: 'B1' });
  // a bilingual form and an unpublished one are not assessments the desk may assign
  await d.assessment.fill(ref.codes.bilingual);
  await register(page);
  await expectFieldError(d.assessment, says('assessment_form_not_found'));
  await d.assessment.fill(ref.codes.draft);
  await register(page);
  await expectFieldError(d.assessment, says('assessment_form_not_found'));
  // registered without an assessment (seed 002 allows it): the provisional event takes her
  await d.assessment.fill('');
  await register(page);
  const zoeCode = await lastCode(page);

  // the same learner on the same sitting again
  await findLearnerAtDesk(page, 'zoe', 'Zoë Müller');
  await register(page);
  await expectFieldError(d.learner, says('learner_already_registered'));

  // a sitting of one seat, full after one registration: refused offline, from the local count
  await nav(page, 'Events').click();
  await page.getByRole('button', { name: 'New event' }).click();
  const newEvent = page.getByRole('form', { name: 'New event' });
  await newEvent.getByLabel('Venue', { exact: true }).selectOption({ label: 'Paris centre' });
  await newEvent.getByLabel('Start', { exact: true }).fill(`${day}T14:00`);
  await newEvent.getByLabel('Exam type', { exact: true }).fill('CPA');
  await newEvent.getByLabel('Exam format', { exact: true }).fill('paper');
  await newEvent.getByLabel('Billing code', { exact: true }).fill('B1');
  await newEvent.getByLabel('Seats (registration limit)').fill('1');
  await newEvent.getByRole('button', { name: 'Create the event' }).click();
  await expect(page.getByLabel('Seats')).toHaveText('0 taken · 1 left');
  await page.getByRole('link', { name: 'Register people' }).click();
  await addLearnerAtDesk(page, 'Jean Dupont', 'jean@example.org');
  // shown in the day-order setting (day first by default)
  await expect(d.start).toHaveValue(`${day.slice(8, 10)}/${day.slice(5, 7)}/${day.slice(0, 4)} 14:00`);
  await d.assessment.fill(ref.codes.cpa1);
  await register(page);
  const jeanCode = await lastCode(page);
  await expect(d.form.getByText('Seats: 1 taken · 0 left')).toBeVisible();
  await addLearnerAtDesk(page, 'Ana Lima', 'ana@example.org');
  await register(page);
  await expectFieldError(d.start, says('registration_limit_reached'));

  // the detail page's commands
  await openRegistration(page, zoeCode);
  const transfer = page.getByRole('form', { name: 'Transfer' });
  await transfer.getByLabel('Venue', { exact: true }).selectOption({ label: 'Paris centre' });
  await transfer.getByLabel('Start', { exact: true }).fill(`${day}T16:00`);
  await transfer.getByRole('button', { name: 'Transfer' }).click();
  await expect(formAlert(transfer)).toHaveText(says('registration_has_no_assessment_form'));

  const change = page.getByRole('form', { name: 'Change the assessment' });
  await change.getByLabel('New assessment').fill(ref.codes.bilingual);
  await change.getByRole('button', { name: 'Change the assessment' }).click();
  await expectFieldError(change.getByLabel('New assessment'), says('assessment_form_not_found'));

  await openRegistration(page, jeanCode);
  await change.getByLabel('New assessment').fill(ref.codes.cpa1);
  await change.getByRole('button', { name: 'Change the assessment' }).click();
  await expectFieldError(change.getByLabel('New assessment'), says('assessment_already_assigned'));

  // a transfer to where Jean already is, then one confirmed with another learner's email
  await transfer.getByLabel('Venue', { exact: true }).selectOption({ label: 'Paris centre' });
  await transfer.getByLabel('Start', { exact: true }).fill(`${day}T14:00`);
  await transfer.getByRole('button', { name: 'Transfer' }).click();
  await expectFieldError(
    transfer.getByLabel('Start', { exact: true }),
    says('registration_already_in_event'),
  );
  await transfer.getByLabel('Start', { exact: true }).fill(`${day}T16:00`);
  await transfer.getByLabel("Learner's email").fill('zoe@example.org');
  await transfer.getByRole('button', { name: 'Transfer' }).click();
  await expectFieldError(transfer.getByLabel("Learner's email"), says('learner_not_in_registration'));
  await transfer.getByLabel("Learner's email").fill('nobody@example.org');
  await transfer.getByRole('button', { name: 'Transfer' }).click();
  await expectFieldError(transfer.getByLabel("Learner's email"), says('learner_not_found'));

  const grant = page.getByRole('form', { name: 'Grant an accommodation' });
  await grant.getByRole('button', { name: 'Grant the accommodation' }).click();
  await expectFieldError(grant.getByLabel('Accommodation type'), says('accommodation_type_empty'));

  // once cancelled, a command on the registration is refused
  const cancel = page.getByRole('form', { name: 'Cancel the registration' });
  await cancel.getByRole('button', { name: 'Cancel the registration' }).click();
  await expect(page.locator('.card-header').first()).toContainText('Cancelled');
  await grant.getByLabel('Accommodation type').fill('large_print');
  await grant.getByRole('button', { name: 'Grant the accommodation' }).click();
  await expect(formAlert(grant)).toHaveText(says('registration_cancelled'));

  // an event cancelled twice
  await page.getByRole('link', { name: /CPA paper · Paris centre/ }).click();
  const cancelEvent = page.getByRole('form', { name: 'Cancel the event' });
  await cancelEvent.getByLabel('Reason').fill('Room flooded');
  await cancelEvent.getByRole('button', { name: 'Cancel the event' }).click();
  await expect(page.getByRole('table', { name: 'Registrations to transfer' })).toBeVisible();
  await cancelEvent.getByLabel('Reason').fill('Again');
  await cancelEvent.getByRole('button', { name: 'Cancel the event' }).click();
  await expectFieldError(cancelEvent.getByLabel('Reason'), says('event_cancelled'));

  // a registration this computer does not have
  await page.goto(`/#/registrations/${crypto.randomUUID()}`);
  await expect(page.getByRole('alert').filter({ hasText: says('registration_not_found') })).toBeVisible();
});

test('a registration the server already holds under the same id is refused there, and the Sync page says so in the seed words', async ({
  page,
  context,
}) => {
  test.setTimeout(180_000);
  server = await startReferenceServer({
    tokens: { [TOKEN]: COORDINATOR, [ADMIN_TOKEN]: 'admin' },
    dataDir: dataDir.dir,
  });
  const ref = await loadFieldReference(server, ADMIN_TOKEN);
  const day = dayFromToday(3);
  await setCoordinatorId(page);
  await connectToServer(page, server.url, TOKEN);
  await context.setOffline(true);

  await nav(page, 'Registration desk').click();
  const d = desk(page);
  await addLearnerAtDesk(page, 'Zoë Müller', 'zoe@example.org');
  await fillSitting(page, {
    venue: 'Paris centre',
    start: `${day}T09:00`,
    type: 'CPA',
    format: 'paper',
    billing: 'B1',
  });
  await d.assessment.fill(ref.codes.cpa1);
  await register(page);
  const code = await lastCode(page);
  const [local] = (await readLocalFieldRecords(page)).registrations;
  const registrationId = String(local!.registration_id);

  // meanwhile the server got a registration under that very id (another learner, another sitting)
  const other = crypto.randomUUID();
  const learner = await callServer(server, TOKEN, 'POST', `/learners/${other}`, {
    first_name: 'Olga',
    last_name: 'Other',
    email: 'olga@example.org',
  });
  expect(learner.status).toBe(200);
  const first = await callServer(
    server,
    TOKEN,
    'POST',
    `/registrations/${registrationId}/commands/register-lax`,
    {
      event_venue: ref.paris,
      event_start: `${day}T15:00:00Z`,
      event_exam_type: 'CPA',
      event_exam_format: 'paper',
      event_billing_code: 'B1',
      learner: other,
      assessment: ref.codes.cpa1,
      accommodations: [],
    },
  );
  expect(first.status).toBe(200);

  await context.setOffline(false);
  await nav(page, 'Sync').click();
  const refused = page.getByRole('listitem').filter({ hasText: says('registration_exists') });
  await expect(refused).toBeVisible({ timeout: 60_000 });
  await expect(refused).toContainText('409');
  await openRegistration(page, code);
  await expect(page.locator('.card-header').first()).toContainText('refused by the server');
});
