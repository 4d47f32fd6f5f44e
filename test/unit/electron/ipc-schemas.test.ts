import { describe, expect, it } from 'vitest';
import {
  EVENT_PAYLOAD,
  EVENTS,
  INVOKE,
  INVOKE_PAYLOAD,
  appRouteSchema,
  notifyRequestSchema,
} from '../../../electron/shared/ipc';
import { groupedNotification } from '../../../src/expiry/notifications';

describe('appRouteSchema', () => {
  it.each([
    ['/expiries', '/expiries'],
    ['/mentors?attention=run-1,run-2', '/mentors?attention=run-1,run-2'],
    ['#/mentors?attention=a%2Fb', '/mentors?attention=a%2Fb'],
    ['/batches?id=batch-0043#row-7', '/batches?id=batch-0043#row-7'],
  ])('accepts %s as %s', (route, normalised) => {
    expect(appRouteSchema.parse(route)).toBe(normalised);
  });

  it.each([
    'https://evil.example/',
    '//evil.example/path',
    '#//evil.example',
    '/\\evil.example',
    'javascript:alert(1)',
    'mentors',
    '/mentors <script>',
    '/"quoted"',
    `/${'a'.repeat(2048)}`,
  ])('refuses %s', (route) => {
    expect(appRouteSchema.safeParse(route).success).toBe(false);
  });
});

describe('notify payload', () => {
  it("accepts the engine's own expiry notification and keeps its route usable by the UI", () => {
    const notification = groupedNotification(
      [{ threshold: 'expired' }, { threshold: '7_day' }, { threshold: '30_day' }],
      ['run-2026-11-22', 'run 2'],
    );
    const parsed = notifyRequestSchema.parse(notification);
    expect(parsed.route).toMatch(/^\/mentors\?attention=/);
    expect(parsed.title).toBe(notification.title);
  });

  it('refuses unknown fields, empty titles and oversized bodies', () => {
    expect(notifyRequestSchema.safeParse({ title: 't', body: 'b', onclick: 'x' }).success).toBe(false);
    expect(notifyRequestSchema.safeParse({ title: '', body: 'b' }).success).toBe(false);
    expect(notifyRequestSchema.safeParse({ title: 't', body: 'b'.repeat(2001) }).success).toBe(false);
  });
});

describe('channel schemas', () => {
  it('declare a payload schema for every channel', () => {
    expect(Object.keys(INVOKE_PAYLOAD).sort()).toEqual(Object.values(INVOKE).sort());
    expect(Object.keys(EVENT_PAYLOAD).sort()).toEqual(Object.values(EVENTS).sort());
  });

  it('refuse payloads on channels that take none', () => {
    expect(INVOKE_PAYLOAD[INVOKE.getVersion].safeParse(undefined).success).toBe(true);
    expect(INVOKE_PAYLOAD[INVOKE.getVersion].safeParse({}).success).toBe(false);
  });

  it('open-file filters allow plain extensions only', () => {
    const schema = INVOKE_PAYLOAD[INVOKE.openFile];
    expect(schema.parse(undefined)).toEqual({});
    expect(
      schema.safeParse({ filters: [{ name: 'Spreadsheets', extensions: ['xlsx', 'csv'] }] }).success,
    ).toBe(true);
    expect(schema.safeParse({ filters: [{ name: 'x', extensions: ['../x'] }] }).success).toBe(false);
    expect(schema.safeParse({ defaultPath: '/etc' }).success).toBe(false);
  });
});
