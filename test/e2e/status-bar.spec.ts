import { expect, test, type Page } from '@playwright/test';
import { startFaultProxy, type FaultProxy } from '../support/faultProxy';
import { chooseFile, COORDINATOR, setCoordinatorId } from './fixtures/app';
import { makeDataDir, startReferenceServer, type ReferenceServer } from './support/server';

/**
 * The status bar tells the coordinator what sync is doing: how far a send has gone, and when
 * the server stops answering, that it is the server (not the network) and since when, in words
 * rather than the browser's "Failed to fetch".
 */

const TOKEN = 'e2e-status-coord-119-token';

function sheet(prefix: string): string {
  return [
    'Mentor ID,Activity type,Date,Duration (minutes),Notes',
    `${prefix}-1,peer_session,2026-04-02,45,`,
    `${prefix}-2,workshop,2026-04-03,90,`,
  ].join('\n');
}

async function importSheet(page: Page, label: string, prefix: string): Promise<void> {
  await chooseFile(page, `${label}.csv`, Buffer.from(sheet(prefix), 'utf8'), 'text/csv');
  await page.getByRole('button', { name: 'Confirm columns and check the rows' }).click();
  await page.getByRole('button', { name: 'Submit 2 registrations' }).click();
  await expect(page.getByRole('heading', { name: label })).toBeVisible();
}

let dataDir: Awaited<ReturnType<typeof makeDataDir>> | undefined;
let server: ReferenceServer | undefined;
let proxy: FaultProxy | undefined;

test.afterEach(async () => {
  await proxy?.close().catch(() => undefined);
  await server?.stop();
  await dataDir?.remove();
});

test('the status bar shows the send progress, then "Server unreachable since" and the problem in words', async ({
  page,
}) => {
  test.setTimeout(150_000);
  dataDir = await makeDataDir();
  server = await startReferenceServer({ tokens: { [TOKEN]: COORDINATOR }, dataDir: dataDir.dir });
  proxy = await startFaultProxy(server.url);
  const proxyUrl = proxy.url;
  // the three creates answer one after another, seconds apart, so the progress can be read
  let creates = 0;
  proxy.setPlan((request) => {
    if (request.method !== 'POST' || request.path !== '/api/v1/bulk-registrations') return { kind: 'pass' };
    creates += 1;
    return { kind: 'delay', ms: [500, 8_000, 14_000][Math.min(creates - 1, 2)]! };
  });

  await setCoordinatorId(page);
  for (const n of [1, 2, 3]) await importSheet(page, `Week ${n}`, `m${n}`);

  await page.goto('/#/sync');
  await page.getByLabel('Server address').fill(proxyUrl);
  await page.getByLabel('Token').fill(TOKEN);
  await page.getByRole('button', { name: 'Save server settings' }).click();

  const syncFigure = page.getByRole('link', { name: /^Sync: / });
  // the count moves on while the later creates wait: "sending 2 of 4", then "sending 3 of 4"
  // (three batches, and the day's expiry run when one has run on this profile already)
  const seen = new Set<string>();
  await expect
    .poll(
      async () => {
        const sending = /sending (\d+) of (\d+)/.exec((await syncFigure.textContent()) ?? '');
        if (sending && Number(sending[2]) >= 3) seen.add(sending[1]!);
        return seen.size;
      },
      { timeout: 40_000, intervals: [250] },
    )
    .toBeGreaterThanOrEqual(2);
  await expect(syncFigure).toContainText('Sync: Up to date', { timeout: 60_000 });
  const network = page.getByRole('status', { name: 'Network' });
  await expect(network).toHaveText('Online');

  // the server goes away while the computer stays online
  await proxy.close();
  proxy = undefined;
  await page.getByRole('button', { name: 'Sync now' }).click();
  await expect(network).toHaveText(/^Server unreachable since \d{1,2}:\d{2}/, { timeout: 30_000 });
  await expect(syncFigure).toContainText(`Cannot reach ${proxyUrl}: no answer came`);
  await expect(page.locator('.status-bar')).not.toContainText('Failed to fetch');
  await expect(page.locator('.status-bar')).not.toContainText('Online');
});
