import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, type Page } from '@playwright/test';
import { bundlePage, servePage, type ServedPage } from '../../support/pageBundle';
import type { FieldHarness } from '../harness/fieldHarness.page';
import { FIELD_DB_NAME } from '../harness/fieldDbName';
import { fieldAgreement, type FieldAgreementOptions } from './fieldAgreement';
import type { ReferenceServer } from './server';

/**
 * The Node side of the field registration harness page (../harness/fieldHarness.page.ts): it
 * bundles and serves the page, opens it in a browser context (one laptop each), and calls it.
 */

export interface ServedFieldHarness {
  url: string;
  close(): Promise<void>;
}

/** Bundles the harness page with Vite and serves it on loopback. */
export async function serveFieldHarness(): Promise<ServedFieldHarness> {
  const workDir = await mkdtemp(path.join(tmpdir(), 'ro-field-harness-'));
  const entry = fileURLToPath(new URL('../harness/fieldHarness.page.ts', import.meta.url));
  await bundlePage(entry, path.join(workDir, 'page'), 'harness');
  const served: ServedPage = await servePage(path.join(workDir, 'page'));
  return {
    url: served.url,
    async close() {
      await served.close();
      await rm(workDir, { recursive: true, force: true });
    },
  };
}

/** Waits until the page's harness is there (after a goto or a reload). */
export async function harnessReady(page: Page): Promise<void> {
  await page.waitForFunction(() => window.__fieldHarness !== undefined, undefined, { timeout: 30_000 });
}

type Method = {
  [K in keyof FieldHarness]: FieldHarness[K] extends (...args: never[]) => unknown ? K : never;
}[keyof FieldHarness];

/** Calls the harness in the page (arguments and answers cross as structured clones). */
export function field<K extends Method>(
  page: Page,
  name: K,
  ...args: Parameters<FieldHarness[K]>
): Promise<Awaited<ReturnType<FieldHarness[K]>>> {
  return page.evaluate(
    async ({ name, args }) => {
      const target = window.__fieldHarness as unknown as Record<string, (...a: unknown[]) => unknown>;
      if (!target) throw new Error('the field harness page did not load');
      return (await target[name]!(...args)) as Awaited<ReturnType<FieldHarness[K]>>;
    },
    { name: name as string, args: args as unknown[] },
  ) as Promise<Awaited<ReturnType<FieldHarness[K]>>>;
}

/** The harness's own command: it must be applied here (a refusal fails the test with its sentence). */
export async function applied<T extends { ok: boolean }>(
  what: string,
  done: Promise<T>,
): Promise<Extract<T, { ok: true }>> {
  const outcome = await done;
  if (!outcome.ok) throw new Error(`${what} was refused: ${(outcome as { message?: string }).message}`);
  return outcome as Extract<T, { ok: true }>;
}

/** The profile's field records against the server's, read with `token`: no disagreement. */
export async function expectFieldAgreement(
  page: Page,
  target: Pick<ReferenceServer, 'url'>,
  token: string,
  options: FieldAgreementOptions = {},
): Promise<void> {
  const problems = await fieldAgreement(page, target, token, { ...options, dbName: FIELD_DB_NAME });
  expect(problems, `${options.profile ?? 'the app'} against the server`).toEqual([]);
}
