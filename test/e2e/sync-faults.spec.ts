import { expect, test, type Page } from '@playwright/test';
import type { BatchDetail, BatchSummary, RunSummary } from '../../src/contract';
import { DUPLICATE_ACTIVITY_ERROR } from '../../src/contract';
import {
  startFaultProxy,
  type FaultProxy,
  type LoggedRequest,
  type ProxiedRequest,
} from '../support/faultProxy';
import { COORDINATOR, chooseFile, setCoordinatorId } from './fixtures/app';
import { expectItems } from './fixtures/expectations';
import { engineLocks } from './support/idb';
import { batchDisagreements, byClientId, listAll, serverBatchesNotInApp } from './support/agreement';
import { readLocalRecords, type LocalRecords } from './support/localRecords';
import { callServer, makeDataDir, startReferenceServer, type ReferenceServer } from './support/server';

/**
 * Sync in Chromium against the real reference server, through a fault-injecting proxy on
 * loopback that each test controls (the app is pointed at the proxy): 500s, dropped
 * connections, answers that never come, slow answers, a server restart, and the engine killed
 * between sending a batch and storing the answer. The end state must be what a calm run gives:
 * every batch once on the server, and the app's records equal to the server's, item by item.
 */

const TOKEN = 'e2e-faults-coord-119-token';
const TOKENS = { [TOKEN]: COORDINATOR };
const BATCHES = '/api/v1/bulk-registrations';

/**
 * A sheet of four sessions whose third repeats the second (same mentor, type and date): it fails
 * as a duplicate on the server as it did here, whatever the order the batches reach the server
 * in (the mentors of each sheet are its own, so batches never meet each other).
 */
function sheet(mentorPrefix: string): string {
  return [
    'Mentor ID,Activity type,Date,Duration (minutes),Notes',
    `${mentorPrefix}-1,peer_session,2026-04-02,45,`,
    `${mentorPrefix}-2,workshop,2026-04-03,90,`,
    `${mentorPrefix}-2,workshop,2026-04-03,90,Entered twice`,
    `${mentorPrefix}-3,workshop,2026-04-04,60,`,
  ].join('\n');
}

/** What a calm run gives for `sheet`: [item id, status, error]. */
const CALM_OUTCOME = [
  ['item-001', 'success', ''],
  ['item-002', 'success', ''],
  ['item-003', 'failed', DUPLICATE_ACTIVITY_ERROR],
  ['item-004', 'success', ''],
];

let dataDir: Awaited<ReturnType<typeof makeDataDir>> | undefined;
let server: ReferenceServer | undefined;
let proxy: FaultProxy | undefined;

test.beforeEach(async () => {
  dataDir = await makeDataDir();
  server = await startReferenceServer({ tokens: TOKENS, dataDir: dataDir.dir });
  proxy = await startFaultProxy(server.url);
});

test.afterEach(async ({ page: _page }, testInfo) => {
  if (testInfo.status !== testInfo.expectedStatus) {
    // what the proxy saw and the server said, for the failure's report
    await testInfo.attach('proxy-log.json', { body: JSON.stringify(proxy?.log ?? [], null, 2) });
    await testInfo.attach('server-output.txt', { body: server?.output() ?? '' });
  }
  await proxy?.close();
  await server?.stop();
  await dataDir?.remove();
  proxy = undefined;
  server = undefined;
  dataDir = undefined;
});

/** The live server and proxy of the running test. */
function live(): { server: ReferenceServer; proxy: FaultProxy } {
  if (!server || !proxy) throw new Error('beforeEach did not start the server and the proxy');
  return { server, proxy };
}

interface Comparison {
  /** everything on which the app and the server disagree, or that is there twice */
  problems: string[];
  /** the server's batch labels, sorted */
  serverLabels: string[];
  local: LocalRecords;
}

/**
 * The app's records against the server's, read with the coordinator's token through the
 * contract API. Acceptance point 2 of issue #5: no batch or run twice on the server, and no
 * record the app shows as synced that the server lost; then batch by batch and item by item,
 * the same status, counts, ids and outcomes.
 */
async function compare(page: Page, target: ReferenceServer): Promise<Comparison> {
  const local = await readLocalRecords(page);
  const summaries = await listAll<BatchSummary>(target, TOKEN, '/bulk-registrations');
  const runs = await listAll<RunSummary>(target, TOKEN, '/expiry-orchestration');
  const problems: string[] = [];

  const held = byClientId(summaries, problems);
  const labels = summaries.map((s) => s.label ?? '');
  for (const label of new Set(labels)) {
    const count = labels.filter((l) => l === label).length;
    if (count > 1) problems.push(`label "${label}" is on the server ${count} times`);
  }

  for (const batch of local.batches) {
    const onServer = held.get(batch.id)?.[0];
    if (!onServer) {
      if (batch.batch_id !== undefined || batch.sync_state === 'synced')
        problems.push(
          `"${batch.label}" is shown as on the server (${batch.batch_id}) but the server lost it`,
        );
      else problems.push(`"${batch.label}" never reached the server (sync_state ${batch.sync_state})`);
      continue;
    }
    const detailAnswer = await callServer<BatchDetail>(
      target,
      TOKEN,
      'GET',
      `/bulk-registrations/${onServer.batch_id}`,
    );
    expect(detailAnswer.status).toBe(200);
    problems.push(...batchDisagreements(`"${batch.label}"`, batch, detailAnswer.body));
  }
  problems.push(...serverBatchesNotInApp(summaries, local.batches));

  const runIds = runs.map((r) => r.run_id);
  for (const id of new Set(runIds)) {
    const count = runIds.filter((r) => r === id).length;
    if (count > 1) problems.push(`run ${id} is on the server ${count} times`);
  }
  for (const run of local.runs) {
    if (run.sync_state === 'synced' && !runIds.includes(run.run_id))
      problems.push(`run ${run.run_id} is shown as on the server but the server lost it`);
  }

  return { problems, serverLabels: labels.sort(), local };
}

/**
 * Waits until the app settled (nothing left to send, every batch final and synced) and agrees
 * with the server; then the Sync page says so too. Returns the last comparison.
 */
async function expectAgreement(page: Page, target: ReferenceServer, labels: string[]): Promise<Comparison> {
  let last: Comparison | undefined;
  await expect(async () => {
    last = await compare(page, target);
    expect(last.problems).toEqual([]);
    expect(last.serverLabels).toEqual([...labels].sort());
    expect(last.local.openOutbox).toBe(0);
  }).toPass({ timeout: 90_000, intervals: [250, 500, 1_000] });
  await page.goto('/#/sync');
  await expect(page.getByRole('status', { name: 'Sync state' })).toHaveText('Up to date');
  await expect(page.getByText('Nothing waits: every change made here has reached the server.')).toBeVisible();
  return last!;
}

/** Every batch ended with the calm run's outcome, here and (by the comparison) on the server. */
function expectCalmOutcomes(comparison: Comparison): void {
  for (const batch of comparison.local.batches) {
    expect(
      batch.items.map((i) => [i.item_id, i.status, i.error ?? '']),
      `items of "${batch.label}"`,
    ).toEqual(CALM_OUTCOME);
    expect(batch).toMatchObject({ status: 'partial', total_items: 4, completed: 3, failed: 1 });
  }
}

/** Enters the proxy's address and the token on the Sync page and saves them. */
async function pointAppAt(page: Page, url: string): Promise<void> {
  await page.goto('/#/sync');
  await page.getByLabel('Server address').fill(url);
  await page.getByLabel('Token').fill(TOKEN);
  await page.getByRole('button', { name: 'Save server settings' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved' })).toBeVisible();
}

async function importSheet(page: Page, label: string, mentorPrefix: string): Promise<void> {
  await chooseFile(page, `${label}.csv`, Buffer.from(sheet(mentorPrefix), 'utf8'), 'text/csv');
  await page.getByRole('button', { name: 'Confirm columns and check the rows' }).click();
  await page.getByRole('button', { name: 'Submit 4 registrations' }).click();
  await expect(page.getByRole('heading', { name: label })).toBeVisible();
}

const isCreate = (r: ProxiedRequest) => r.method === 'POST' && r.path === BATCHES;
/** polls of a batch and the `updated_since` feed: every GET of the batches */
const isBatchRead = (r: ProxiedRequest) => r.method === 'GET' && r.path.startsWith(BATCHES);
const isHealth = (r: ProxiedRequest) => r.method === 'GET' && r.path === '/api/v1/health';
const replayed = (r: LoggedRequest) => r.upstreamHeaders?.['idempotent-replayed'] === 'true';
const creates = (log: readonly LoggedRequest[]) => log.filter(isCreate);

test('500s, dropped connections, answers that never come and slow answers end as a calm run does', async ({
  page,
}) => {
  test.setTimeout(180_000);
  const { server: reference, proxy: faults } = live();
  await setCoordinatorId(page);
  await pointAppAt(page, faults.url);
  await expect(page.getByRole('status', { name: 'Sync state' })).toHaveText('Up to date');

  // queued in this order per kind of request; OPTIONS preflights pass untouched
  faults.failNext(1, { kind: 'status', status: 500 }, isHealth);
  faults.failNext(1, { kind: 'status', status: 500, retryAfter: '0' }, isCreate);
  faults.failNext(1, { kind: 'drop-request' }, isCreate);
  // the server creates the batch, the app never hears: the retry must replay, not create again
  faults.failNext(1, { kind: 'drop-response' }, isCreate);
  // the app's own request timeout must end the wait
  faults.failNext(1, { kind: 'hang' }, isCreate);
  faults.failNext(1, { kind: 'delay', ms: 1_500 }, isCreate);
  faults.failNext(1, { kind: 'status', status: 503, retryAfter: '1' }, isBatchRead);
  faults.failNext(1, { kind: 'drop-request' }, isBatchRead);
  faults.failNext(1, { kind: 'drop-response' }, isBatchRead);
  faults.failNext(1, { kind: 'delay', ms: 1_500 }, isBatchRead);

  await importSheet(page, 'Stormy March', 'storm-a');
  await importSheet(page, 'Stormy April', 'storm-b');

  const settled = await expectAgreement(page, reference, ['Stormy April', 'Stormy March']);
  expectCalmOutcomes(settled);

  // every fault was met, by the requests it was meant for
  const log = faults.log;
  expect(creates(log).map((r) => r.fault)).toEqual(
    expect.arrayContaining(['status', 'drop-request', 'drop-response', 'hang', 'delay', 'pass']),
  );
  expect(log.filter(isBatchRead).map((r) => r.fault)).toEqual(
    expect.arrayContaining(['status', 'drop-request', 'drop-response', 'delay']),
  );
  expect(log.filter(isHealth).map((r) => r.fault)).toContain('status');
  // the answer that never came ended by the app's own timeout: the same create went again
  const sentCreates = creates(log);
  const hung = sentCreates.findIndex((r) => r.fault === 'hang');
  expect(sentCreates.slice(hung + 1).map((r) => r.key)).toContain(sentCreates[hung]?.key);
  // each batch kept one Idempotency-Key through all its attempts
  const keys = new Set(creates(log).map((r) => r.key));
  expect(keys.size).toBe(2);
  // the create the server processed but whose answer was dropped came again under its key and
  // was answered with the first answer, replayed
  const dropped = creates(log).find((r) => r.fault === 'drop-response');
  expect(dropped?.upstreamStatus).toBe(202);
  const again = creates(log).filter((r) => r.key === dropped?.key && r.upstreamStatus !== undefined);
  expect(again.length).toBeGreaterThanOrEqual(2);
  expect(again.slice(1).every(replayed)).toBe(true);

  // and the coordinator sees the server's batch with its outcomes
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Batches' }).click();
  await page.getByRole('link', { name: 'Stormy March' }).click();
  const march = settled.local.batches.find((b) => b.label === 'Stormy March');
  await expect(page.getByText(`server id ${march?.batch_id}`)).toBeVisible();
  await expectItems(page, [
    ['item-002', 'storm-a-2', 'Succeeded'],
    ['item-003', 'storm-a-2', 'Failed', DUPLICATE_ACTIVITY_ERROR],
  ]);
});

test('a server restart between a batch being accepted and its outcomes coming back loses and doubles nothing', async ({
  page,
}) => {
  test.setTimeout(180_000);
  const faults = live().proxy;
  let reference = live().server;
  await setCoordinatorId(page);
  await pointAppAt(page, faults.url);
  await expect(page.getByRole('status', { name: 'Sync state' })).toHaveText('Up to date');

  // the server accepts the batch; its answer is held while the server goes down
  faults.failNext(1, { kind: 'delay', ms: 2_000 }, isCreate);
  await importSheet(page, 'Restart May', 'restart-a');
  await expect.poll(() => creates(faults.log).map((r) => r.upstreamStatus)).toEqual([202]);
  await reference.stop();
  server = undefined;

  // while it is down, the app works on: a second batch waits to be sent
  await importSheet(page, 'Restart June', 'restart-b');
  await page.goto('/#/sync');
  await expect(page.getByRole('status', { name: 'Sync state' })).toHaveText('Offline');
  await expect(page.getByRole('link', { name: /^Sync: / })).toContainText('1 pending');

  // the server comes back on the same data, on another port behind the same proxy
  reference = server = await startReferenceServer({ tokens: TOKENS, dataDir: dataDir!.dir });
  faults.setTarget(reference.url);
  // the probe backs off while the server is away; Sync now tries at once
  await page.getByRole('button', { name: 'Sync now' }).click();

  const settled = await expectAgreement(page, reference, ['Restart June', 'Restart May']);
  expectCalmOutcomes(settled);
  // the app never sent the accepted batch again: its answer arrived, held but whole
  expect(creates(faults.log).filter((r) => r.upstreamStatus !== undefined)).toHaveLength(2);
});

/**
 * Sends a batch whose create the server processes while the proxy holds the answer until long
 * after the test: the app has sent it and not stored the answer yet.
 */
async function sendWithAnswerHeld(page: Page, label: string, mentorPrefix: string): Promise<void> {
  const { server: reference, proxy: faults } = live();
  faults.failNext(1, { kind: 'delay', ms: 600_000 }, isCreate);
  await importSheet(page, label, mentorPrefix);
  await expect.poll(() => creates(faults.log).map((r) => r.upstreamStatus)).toEqual([202]);

  // the server holds it; the app does not know it yet
  expect((await listAll<BatchSummary>(reference, TOKEN, '/bulk-registrations')).map((b) => b.label)).toEqual([
    label,
  ]);
  const before = await readLocalRecords(page);
  expect(before.batches.map((b) => [b.label, b.batch_id])).toEqual([[label, undefined]]);
  expect(before.openOutbox).toBe(1);
}

/** The create went twice under one key, and the server replayed its first answer the second time. */
function expectOneReplayedCreate(log: readonly LoggedRequest[]): void {
  const sent = creates(log);
  expect(sent).toHaveLength(2);
  expect(sent[1]!.key).toBe(sent[0]!.key);
  expect(sent.map((r) => [r.fault, r.upstreamStatus, replayed(r)])).toEqual([
    ['delay', 202, false],
    ['pass', 202, true],
  ]);
}

test('the engine killed after sending a batch and before storing the answer: the retry replays, one batch', async ({
  page,
}) => {
  test.setTimeout(120_000);
  const { server: reference, proxy: faults } = live();
  await setCoordinatorId(page);
  await pointAppAt(page, faults.url);
  await expect(page.getByRole('status', { name: 'Sync state' })).toHaveText('Up to date');

  await sendWithAnswerHeld(page, 'Killed July', 'killed');
  // reloading kills the engine (it runs in a worker of this, the leading tab) mid-request
  await page.reload();

  const settled = await expectAgreement(page, reference, ['Killed July']);
  expectCalmOutcomes(settled);
  expectOneReplayedCreate(faults.log);
});

test('the leading tab closed while the answer is held: the other tab takes the engine over and replays, one batch', async ({
  page,
  context,
}) => {
  test.setTimeout(120_000);
  const { server: reference, proxy: faults } = live();
  await setCoordinatorId(page);
  await pointAppAt(page, faults.url);
  await expect(page.getByRole('status', { name: 'Sync state' })).toHaveText('Up to date');
  const other = await context.newPage();
  await other.goto('/#/sync');
  // the other tab's engine waits for the lock the first tab's engine holds
  await expect
    .poll(() => engineLocks(other))
    .toEqual({ held: [expect.any(String)], pending: [expect.any(String)] });

  await sendWithAnswerHeld(page, 'Closed September', 'closed');
  await page.close();

  const settled = await expectAgreement(other, reference, ['Closed September']);
  expectCalmOutcomes(settled);
  expectOneReplayedCreate(faults.log);
});

const isRename = (r: ProxiedRequest) => r.method === 'PUT' && r.path.startsWith(`${BATCHES}/`);
const isRetry = (r: ProxiedRequest) => r.method === 'POST' && r.path.endsWith('/retry');
const isDelete = (r: ProxiedRequest) => r.method === 'DELETE' && r.path.startsWith(`${BATCHES}/`);

test('a rename, a retry and a delete met by 500s and lost answers are each applied once', async ({
  page,
}) => {
  test.setTimeout(180_000);
  const { server: reference, proxy: faults } = live();
  await setCoordinatorId(page);
  await pointAppAt(page, faults.url);
  await importSheet(page, 'Changed August', 'changed-a');
  await importSheet(page, 'Deleted August', 'changed-b');
  await expectAgreement(page, reference, ['Changed August', 'Deleted August']);

  // each change fails once with a 500, then the server applies it and the answer is lost
  for (const match of [isRename, isRetry, isDelete]) {
    faults.failNext(1, { kind: 'status', status: 500, retryAfter: '0' }, match);
    faults.failNext(1, { kind: 'drop-response' }, match);
  }

  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Batches' }).click();
  await page.getByRole('link', { name: 'Changed August' }).click();
  await page.getByRole('button', { name: 'Rename…' }).click();
  const rename = page.getByRole('dialog', { name: 'Rename this batch' });
  await rename.getByLabel('Label').fill('Renamed August');
  await rename.getByRole('button', { name: 'Rename' }).click();
  await expect(page.getByRole('heading', { name: 'Renamed August' })).toBeVisible();
  // the duplicate fails again when retried, here as on the server
  await page.getByRole('button', { name: 'Retry failed items' }).click();
  await expect(page.getByText('1 failed items are pending again and will be processed.')).toBeVisible();

  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Batches' }).click();
  await page.getByRole('link', { name: 'Deleted August' }).click();
  await page.getByRole('button', { name: 'Delete…' }).click();
  await page
    .getByRole('dialog', { name: 'Delete this batch record?' })
    .getByRole('button', { name: 'Delete the batch' })
    .click();
  await expect(page).toHaveURL(/#\/batches$/);

  const settled = await expectAgreement(page, reference, ['Renamed August']);
  expectCalmOutcomes(settled);

  // every change went under one key per change; the one whose answer was lost came again and
  // the server replayed its first answer instead of applying it twice
  for (const [name, match] of [
    ['rename', isRename],
    ['retry', isRetry],
    ['delete', isDelete],
  ] as const) {
    const sent = faults.log.filter(match);
    expect(new Set(sent.map((r) => r.key)).size, `keys of the ${name}`).toBe(1);
    expect(
      sent.map((r) => [r.fault, r.upstreamStatus, replayed(r)]),
      `attempts of the ${name}`,
    ).toEqual([
      ['status', undefined, false],
      ['drop-response', 200, false],
      ['pass', 200, true],
    ]);
  }
});
