import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import type { WalkinTransaction, WalkinTransactionList } from '../../src/contract';
import { startFaultProxy, type FaultProxy } from '../support/faultProxy';
import { makeDataDir, startReferenceServer, type ReferenceServer } from './support/server';

/**
 * Walk-ins at the desk (issue 12 (b), contract C5) in Chromium, against the real reference
 * server on loopback behind the fault proxy (the app is pointed at the proxy, so a test decides
 * when the server can be reached): the catalogue comes down once and is kept; a walk-in typed
 * offline survives a reload mid-typing; it is submitted and authorized offline and reaches the
 * server once, with every field typed; the receipt then shows the server's section ids.
 */

const TOKEN = 'e2e-walkins-coord-119-token';
const ADMIN = 'e2e-walkins-admin-token';
const TOKENS = { [TOKEN]: 'coord-119', [ADMIN]: 'admin' };
const TERM = '2026FA';
const STAFF = '6f1c2a4e-8b3d-4c5e-9f7a-1b2c3d4e5f60';
const SECTIONS = [
  {
    section_uuid: 'a1b2c3d4-0000-4000-8000-000000000001',
    course_name: 'THEO 101',
    section_code: 'A',
    course_title: 'Introduction to Theology',
    amount: 450.5,
    credit_hours: 3,
    is_oncampus: true,
  },
  {
    section_uuid: 'a1b2c3d4-0000-4000-8000-000000000002',
    course_name: 'HIST 210',
    section_code: 'B',
    course_title: 'Church History',
    amount: 300,
    credit_hours: 1.5,
    is_oncampus: false,
  },
  {
    section_uuid: 'a1b2c3d4-0000-4000-8000-000000000003',
    course_name: 'BIBL 120',
    section_code: 'A',
    course_title: 'Reading the Psalms',
    amount: 225.25,
    credit_hours: 2,
    is_oncampus: true,
  },
];

let dataDir: Awaited<ReturnType<typeof makeDataDir>>;
let server: ReferenceServer;
let proxy: FaultProxy;

test.beforeEach(async () => {
  dataDir = await makeDataDir();
  server = await startReferenceServer({ tokens: TOKENS, dataDir: dataDir.dir });
  proxy = await startFaultProxy(server.url);
  for (const { section_uuid, ...fields } of SECTIONS) {
    const answer = await fetch(`${server.url}/api/v1/sections/${section_uuid}`, {
      method: 'PUT',
      headers: {
        authorization: `Bearer ${ADMIN}`,
        'content-type': 'application/json',
        'idempotency-key': crypto.randomUUID(),
      },
      body: JSON.stringify({ reporting_term: TERM, ...fields }),
    });
    expect(answer.status).toBe(200);
  }
});

test.afterEach(async () => {
  await proxy.close();
  await server.stop();
  await dataDir.remove();
});

async function serverGet<T>(route: string): Promise<T> {
  const answer = await fetch(`${server.url}/api/v1${route}`, {
    headers: { authorization: `Bearer ${TOKEN}` },
  });
  expect(answer.status).toBe(200);
  return (await answer.json()) as T;
}

/** Points the app at the proxy, sets the staff UUID, and waits for the catalogue to arrive. */
async function setUpDesk(page: Page): Promise<void> {
  await page.goto('/#/sync');
  await page.getByLabel('Server address').fill(proxy.url);
  await page.getByLabel('Token').fill(TOKEN);
  await page.getByRole('button', { name: 'Save server settings' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved' })).toBeVisible();
  await page.goto('/#/settings');
  await page.getByLabel('Staff UUID').fill(STAFF);
  await page.getByRole('button', { name: 'Save staff UUID' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved' }).last()).toBeVisible();
  await page.goto('/#/walkins');
  await expect(page.getByLabel('Term')).toHaveValue(TERM);
}

/** The server cannot be reached: the proxy drops every request before the server sees it. */
const serverAway = () => proxy.setPlan(() => ({ kind: 'drop-request' }));
const serverBack = () => proxy.setPlan(() => ({ kind: 'pass' }));

const TYPED = {
  'First name': 'Ada',
  'Last name': 'Lovelace',
  'Preferred name': 'Countess',
  Email: 'ada@example.org',
  'Cell phone': '+1 604 555 0101',
  'Address line 1': '12 St James Square',
  City: 'London',
  'State or province': 'Greater London',
  'Postal code': 'SW1Y 4JH',
  Country: 'UK',
};
const MORE = { Occupation: 'Analyst', Gender: 'F', 'Regent id': '4711' };

async function syncNow(page: Page, back: string): Promise<void> {
  await page.goto('/#/sync');
  await page.getByRole('button', { name: 'Sync now' }).click();
  await page.goto(back);
}

test('a walk-in typed offline survives a reload, is authorized offline and reaches the server once with every field', async ({
  page,
  context,
}) => {
  await page.goto('/');
  await setUpDesk(page);

  // offline at the desk
  serverAway();
  await context.setOffline(true);
  await page.getByRole('button', { name: 'Start a walk-in' }).click();
  await expect(page.getByRole('heading', { name: 'Walk-in registration' })).toBeVisible();
  const walkinUrl = page.url();
  const transactionUuid = walkinUrl.split('/').pop()!;
  for (const [label, value] of Object.entries(TYPED)) {
    await page.getByLabel(label, { exact: true }).fill(value);
  }
  await page.getByLabel('Date of birth').fill('1990-12-10');
  await page.getByRole('button', { name: 'More details' }).click();
  for (const [label, value] of Object.entries(MORE))
    await page.getByLabel(label, { exact: true }).fill(value);
  await page.getByLabel('Returning student').check();
  await page.getByLabel('Register for THEO 101 A').check();
  await page.getByLabel('Register for HIST 210 B').check();
  await page.getByLabel('Credit or audit for HIST 210 B').selectOption('audit');
  await expect(page.getByTestId('walkin-totals')).toHaveText(
    'Credit hours 3 · Audit hours 1.5 · Amount 750.50',
  );
  await page.setViewportSize({ width: 1366, height: 768 });
  await page.screenshot({ path: 'docs/screenshots/walkin-form.png', fullPage: true });
  // mid-typing, key by key: the reload comes right after the last keystroke
  await page.getByLabel('Notes').pressSequentially('Paid by card at the des');

  // the page reloads (the server still unreachable: only the app's own files load)
  await context.setOffline(false);
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Walk-in registration' })).toBeVisible();
  for (const [label, value] of Object.entries(TYPED)) {
    await expect(page.getByLabel(label, { exact: true })).toHaveValue(value);
  }
  await expect(page.getByLabel('Date of birth')).toHaveValue('1990-12-10');
  for (const [label, value] of Object.entries(MORE)) {
    await expect(page.getByLabel(label, { exact: true })).toHaveValue(value);
  }
  await expect(page.getByLabel('Returning student')).toBeChecked();
  await expect(page.getByLabel('Credit or audit for HIST 210 B')).toHaveValue('audit');
  await expect(page.getByLabel('Notes')).toHaveValue('Paid by card at the des');
  await page.getByLabel('Notes').press('End');
  await page.getByLabel('Notes').pressSequentially('k');

  // listed to resume
  await page.goto('/#/walkins');
  await page.getByRole('link', { name: 'Countess Lovelace' }).click();
  await expect(page.getByLabel('Notes')).toHaveValue('Paid by card at the desk');

  // submitted and authorized while the server is away
  await page.getByRole('button', { name: 'Submit', exact: true }).click();
  await expect(page.getByTestId('walkin-state')).toHaveText('Submitted');
  await page.getByRole('button', { name: 'Authorize' }).click();
  await expect(page.getByTestId('walkin-state')).toHaveText('Authorized');
  await expect(page.getByTestId('walkin-sync')).toHaveText('Waiting to sync');
  await expect(page.getByTestId('receipt-provisional')).toBeVisible();
  await expect(page.locator('.receipt-section-id').first()).toHaveText('Given when synced');

  serverBack();
  await syncNow(page, walkinUrl);
  await expect(page.getByTestId('walkin-sync')).toHaveText('Synced', { timeout: 30_000 });

  const held = await serverGet<WalkinTransaction>(`/registration/unauthenticated/${TERM}/${transactionUuid}`);
  const list = await serverGet<WalkinTransactionList>(`/registration/unauthenticated/${TERM}?limit=100`);
  expect(list.data.map((t) => t.transaction_uuid)).toEqual([transactionUuid]);
  expect(held.person).toMatchObject({
    first_name: 'Ada',
    last_name: 'Lovelace',
    preferred_name: 'Countess',
    email: 'ada@example.org',
    phone_cell: '+1 604 555 0101',
    addr1: '12 St James Square',
    city: 'London',
    state: 'Greater London',
    code: 'SW1Y 4JH',
    country: 'UK',
    dob: '1990-12-10',
    occupation: 'Analyst',
    gender: 'F',
    regent_id: 4711,
    is_returning: true,
    reporting_term: TERM,
  });
  expect(held.person.authorized_by_person_id).toEqual(expect.any(Number));
  expect(JSON.parse(held.notes_json!)).toEqual({ note: 'Paid by card at the desk' });
  expect(held.credit_hours).toBe(3);
  expect(held.audit_hours).toBe(1.5);
  expect(held.submitted_datetime).not.toBeNull();
  expect(held.authorized_datetime).not.toBeNull();
  expect(
    held.registrations.map((r) => [r.section_code, r.course_name, r.is_audit, r.is_provisional]),
  ).toEqual([
    ['A', 'THEO 101', false, false],
    ['B', 'HIST 210', true, false],
  ]);

  // the receipt: the server's section ids, confirmed
  await expect(page.getByTestId('receipt-provisional')).toHaveCount(0);
  await expect(page.locator('.receipt-section-id')).toHaveText(
    held.registrations.map((r) => r.student_section_uuid),
  );
  await expect(page.getByTestId('receipt-total')).toHaveText('750.50');
  await page.screenshot({ path: 'docs/screenshots/walkin-receipt.png', fullPage: true });
  // printed, only the receipt shows
  await page.emulateMedia({ media: 'print' });
  await expect(page.getByRole('heading', { name: 'Registration receipt' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Print receipt' })).toBeHidden();
  await expect(page.getByRole('navigation', { name: 'Main' })).toBeHidden();
});

interface LocalWalkin {
  transaction_uuid: string;
  local_state: string;
  sync_state: string;
  server?: WalkinTransaction;
}

/** The profile's walk-ins and its open outbox entries, read with the raw IndexedDB API. */
function readLocalWalkins(page: Page): Promise<{ walkins: LocalWalkin[]; openOutbox: number }> {
  return page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const open = indexedDB.open('registration-orchestrator');
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    const all = <T>(store: string) =>
      new Promise<T[]>((resolve, reject) => {
        const request = db.transaction(store).objectStore(store).getAll();
        request.onsuccess = () => resolve(request.result as T[]);
        request.onerror = () => reject(request.error);
      });
    const walkins = await all<LocalWalkin>('walkins');
    const outbox = await all<{ status: string }>('outbox');
    db.close();
    return { walkins, openOutbox: outbox.filter((e) => e.status !== 'done').length };
  });
}

/** Types a walk-in with one section and submits and authorizes it; returns its transaction UUID. */
async function takeWalkin(page: Page, first: string, last: string, section: string): Promise<string> {
  await page.goto('/#/walkins');
  await page.getByRole('button', { name: 'Start a walk-in' }).click();
  await expect(page.getByRole('heading', { name: 'Walk-in registration' })).toBeVisible();
  await page.getByLabel('First name', { exact: true }).fill(first);
  await page.getByLabel('Last name', { exact: true }).fill(last);
  await page.getByLabel('Email', { exact: true }).fill(`${first.toLowerCase()}@example.org`);
  await page.getByLabel(`Register for ${section}`).check();
  await page.getByRole('button', { name: 'Submit and authorize' }).click();
  await expect(page.getByTestId('walkin-state')).toHaveText('Authorized');
  return page.url().split('/').pop()!;
}

test('with 500s, lost answers and a reload mid-request, every walk-in exists once on the server, record by record', async ({
  page,
}) => {
  test.setTimeout(240_000);
  await page.goto('/');
  await setUpDesk(page);
  serverAway();
  const ids = [
    await takeWalkin(page, 'Grace', 'Hopper', 'THEO 101 A'),
    await takeWalkin(page, 'Edsger', 'Dijkstra', 'HIST 210 B'),
    await takeWalkin(page, 'Barbara', 'Liskov', 'BIBL 120 A'),
  ];
  const isWalkin = (method: string) => (r: { method: string; path: string }) =>
    r.method === method && r.path.startsWith(`/api/v1/registration/unauthenticated/${TERM}/`);
  // the first two draft PUTs meet a 500; the first two POSTs are processed but their answers lost;
  // the third POST is processed and its answer held back while the page reloads
  proxy.failNext(2, { kind: 'status', status: 500 }, isWalkin('PUT'));
  proxy.failNext(2, { kind: 'drop-response' }, isWalkin('POST'));
  proxy.failNext(1, { kind: 'delay', ms: 60_000 }, isWalkin('POST'));
  serverBack();
  await syncNow(page, '/#/walkins');
  await expect
    .poll(() => proxy.log.some((r) => r.fault === 'delay' && r.upstreamStatus !== undefined), {
      timeout: 60_000,
    })
    .toBe(true);
  await page.reload();

  // settle: Sync now until nothing waits
  await expect
    .poll(
      async () => {
        const local = await readLocalWalkins(page);
        if (local.openOutbox > 0) await syncNow(page, '/#/walkins');
        return local.openOutbox;
      },
      { timeout: 120_000, intervals: [2_000] },
    )
    .toBe(0);

  const list = await serverGet<WalkinTransactionList>(`/registration/unauthenticated/${TERM}?limit=100`);
  expect(list.data.map((t) => t.transaction_uuid).sort()).toEqual([...ids].sort());
  const { walkins } = await readLocalWalkins(page);
  expect(walkins).toHaveLength(ids.length);
  for (const local of walkins) {
    const held = await serverGet<WalkinTransaction>(
      `/registration/unauthenticated/${TERM}/${local.transaction_uuid}`,
    );
    expect(local.sync_state).toBe('synced');
    expect(local.local_state).toBe('authorized');
    expect(held.authorized_datetime).not.toBeNull();
    expect(held.registrations).toHaveLength(1);
    // the app holds exactly what the server holds
    expect(local.server).toEqual(held);
  }
  // the faults were met: replays answered the repeated requests
  expect(proxy.log.filter((r) => r.fault === 'status')).toHaveLength(2);
  expect(proxy.log.filter((r) => r.fault === 'drop-response')).toHaveLength(2);
  expect(proxy.log.some((r) => r.upstreamHeaders?.['idempotent-replayed'] === 'true')).toBe(true);
});

/** Serious or critical axe violations (WCAG 2 A/AA) on the page as it is now. */
async function axeProblems(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${v.id} (${v.impact}) at ${v.nodes
          .map((n) => n.target.join(' '))
          .slice(0, 3)
          .join(', ')}`,
    );
}

test('refusals show beside their fields, locally and from the server, and Edit and retry sends it again', async ({
  page,
}) => {
  test.setTimeout(180_000);
  await page.goto('/');
  await setUpDesk(page);
  // an out-of-date catalogue on this laptop: a section the server does not have
  const stale = 'a1b2c3d4-0000-4000-8000-0000000000ff';
  await page.evaluate(async (uuid) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const open = indexedDB.open('registration-orchestrator');
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    const tx = db.transaction('sections', 'readwrite');
    tx.objectStore('sections').put({
      section_uuid: uuid,
      reporting_term: '2026FA',
      course_name: 'PHIL 300',
      section_code: 'Z',
      course_title: 'Withdrawn course',
      amount: 100,
      credit_hours: 1,
      is_oncampus: true,
      updated_at: '2026-01-01T00:00:00.000Z',
      pulled_at: 0,
    });
    await new Promise<void>((resolve) => (tx.oncomplete = () => resolve()));
    db.close();
  }, stale);
  await page.reload();
  await page.getByRole('button', { name: 'Start a walk-in' }).click();
  await page.getByLabel('First name', { exact: true }).fill('Alan');
  await page.getByLabel('Email', { exact: true }).fill('alan@');
  await page.getByLabel('Register for THEO 101 A').check();
  await page.getByLabel('Register for PHIL 300 Z').check();
  await page.getByRole('button', { name: 'Submit', exact: true }).click();
  // the local rules, the server's own, refuse it field by field and nothing is queued
  await expect(page.locator('[data-field="person.email"]').last()).toContainText(
    '"alan@" is not an email address.',
  );
  await expect(page.getByLabel('Email', { exact: true })).toHaveAttribute('aria-invalid', 'true');
  expect(await axeProblems(page)).toEqual([]);
  await page.getByLabel('Email', { exact: true }).fill('alan@example.org');
  await page.getByRole('button', { name: 'Submit', exact: true }).click();
  await expect(page.locator('#walkin-last_name-error')).toHaveText('Last name must not be empty.');
  await page.getByLabel('Last name', { exact: true }).fill('Turing');
  await page.getByRole('button', { name: 'Submit', exact: true }).click();
  await expect(page.getByTestId('walkin-state')).toHaveText('Submitted');

  // the server refuses the draft: it does not know the second section
  await syncNow(page, page.url());
  const refusal = page.getByRole('alert').filter({ hasText: 'The server refused this walk-in' });
  await expect(refusal).toContainText('Section PHIL 300 Z', { timeout: 30_000 });
  await expect(refusal).toContainText(`Section ${stale} not found in term ${TERM}.`);
  await expect(page.getByTestId('walkin-sync')).toHaveText('Refused by the server');
  // the Sync page lists it and leads back here
  const walkinUrl = page.url();
  await page.goto('/#/sync');
  const refused = page.getByRole('listitem', { name: /^Save walk-in draft: Alan Turing/ });
  await expect(refused).toContainText('registrations[1].section_uuid');
  await refused.getByRole('link', { name: 'Alan Turing' }).click();
  await expect(page).toHaveURL(walkinUrl);

  await page.getByRole('button', { name: 'Edit and retry' }).click();
  await expect(page.getByRole('heading', { name: 'Walk-in registration' })).toBeVisible();
  await expect(page.locator('[data-field="registrations[1].section_uuid"]').first()).toContainText(
    `Section ${stale} not found`,
  );
  expect(await axeProblems(page)).toEqual([]);
  await page.screenshot({ path: 'docs/screenshots/walkin-refused.png', fullPage: true });
  await page.getByLabel('Register for PHIL 300 Z').uncheck();
  await page.getByRole('button', { name: 'Submit', exact: true }).click();
  await syncNow(page, walkinUrl);
  await expect(page.getByTestId('walkin-sync')).toHaveText('Synced', { timeout: 30_000 });
  const transactionUuid = walkinUrl.split('/').pop()!;
  const held = await serverGet<WalkinTransaction>(`/registration/unauthenticated/${TERM}/${transactionUuid}`);
  expect(held.person).toMatchObject({ first_name: 'Alan', last_name: 'Turing', email: 'alan@example.org' });
  expect(held.registrations.map((r) => r.course_name)).toEqual(['THEO 101']);
  expect(held.submitted_datetime).not.toBeNull();
  expect(held.authorized_datetime).toBeNull();
});
