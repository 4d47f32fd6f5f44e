import { expect, test, type Page } from '@playwright/test';
import { startFaultProxy, type FaultProxy } from '../../support/faultProxy';
import { field, harnessReady, serveFieldHarness, type ServedFieldHarness } from './fieldHarness';
import { putFieldReference, type FieldReference } from './fieldServer';
import { makeDataDir, startReferenceServer, type ReferenceServer } from './server';

/** What a field fault spec runs against, once its `beforeAll` has started it. */
export interface FieldFaultRig {
  served: ServedFieldHarness;
  server: ReferenceServer;
  proxy: FaultProxy;
  reference: FieldReference;
}

/**
 * The rig every field fault spec shares: the harness page served, the real reference server on a
 * data folder of its own knowing `tokens` (token → coordinator, `adminToken` → admin), the field
 * reference data put, and the fault proxy in front of it. The proxy passes everything at the start
 * of each test; a failed test gets the proxy's log and the server's output attached. Registers
 * the spec's hooks; returns what the tests call to reach the rig.
 */
export function useFieldFaultRig(adminToken: string, tokens: Record<string, string>): () => FieldFaultRig {
  let served: ServedFieldHarness | undefined;
  let dataDir: Awaited<ReturnType<typeof makeDataDir>> | undefined;
  let server: ReferenceServer | undefined;
  let proxy: FaultProxy | undefined;
  let reference: FieldReference | undefined;

  test.beforeAll(async () => {
    test.setTimeout(180_000);
    served = await serveFieldHarness();
    dataDir = await makeDataDir();
    server = await startReferenceServer({
      tokens: { [adminToken]: 'admin', ...tokens },
      dataDir: dataDir.dir,
    });
    reference = await putFieldReference(server, adminToken);
    proxy = await startFaultProxy(server.url);
  });

  test.beforeEach(() => proxy?.setPlan(() => ({ kind: 'pass' })));

  test.afterEach(async ({ page: _page }, testInfo) => {
    if (testInfo.status !== testInfo.expectedStatus) {
      await testInfo.attach('proxy-log.json', { body: JSON.stringify(proxy?.log ?? [], null, 2) });
      await testInfo.attach('server-output.txt', { body: server?.output() ?? '' });
    }
  });

  test.afterAll(async () => {
    await proxy?.close();
    await server?.stop();
    await dataDir?.remove();
    await served?.close();
  });

  return () => {
    if (!served || !server || !proxy || !reference) throw new Error('beforeAll did not start everything');
    return { served, server, proxy, reference };
  };
}

/**
 * Opens the harness page as a fresh laptop of `coordinator` syncing with `target` (the proxy's
 * address), and lets the reference data come down before any fault is planned.
 */
export async function startFieldLaptop(
  page: Page,
  servedUrl: string,
  target: string,
  token: string,
  coordinator: string,
): Promise<void> {
  await page.goto(servedUrl);
  await harnessReady(page);
  await field(page, 'configure', target, token, coordinator);
  expect(await field(page, 'settle', 10_000, 40)).toMatchObject({ state: 'idle' });
}
