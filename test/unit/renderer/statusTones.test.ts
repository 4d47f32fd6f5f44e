import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  BATCH_STATUS,
  ITEM_STATUS,
  JOB_STATUS,
  RUN_STATUS,
  TONE_COLOURS,
  expiryStateView,
  type Tone,
} from '../../../renderer/components/statusTones';

/**
 * The status map is the one source of labels and colours: every status reads as the table
 * below says, and every tone's text-on-background pair, read from the real stylesheets, is at
 * least 4.5:1 (WCAG AA for normal text) in light and in dark.
 */

const tokens = readFileSync(new URL('../../../renderer/styles/tokens.css', import.meta.url), 'utf8');
const components = readFileSync(new URL('../../../renderer/styles/components.css', import.meta.url), 'utf8');

function customProperties(block: string): Map<string, string> {
  return new Map([...block.matchAll(/(--[\w-]+):\s*(#[0-9a-f]{6})\s*;/gi)].map((m) => [m[1]!, m[2]!]));
}

const light = customProperties(tokens.slice(0, tokens.indexOf('@media')));
const dark = new Map([
  ...light,
  ...customProperties(tokens.slice(tokens.indexOf('prefers-color-scheme: dark'))),
]);

function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}

function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi! + 0.05) / (lo! + 0.05);
}

/** The declarations of `.badge-<tone>` in components.css, wherever its selector list puts it. */
function badgeRule(tone: Tone): string {
  const rule = new RegExp(`(?:^|[,}\\s])\\.badge-${tone}\\b[^{]*\\{([^}]*)\\}`, 'm').exec(components);
  if (!rule) throw new Error(`components.css has no .badge-${tone} rule`);
  return rule[1]!;
}

describe('status labels and tones', () => {
  it.each([
    ['batch', 'processing', BATCH_STATUS.processing, 'Processing', 'info'],
    ['batch', 'completed', BATCH_STATUS.completed, 'Completed', 'ok'],
    ['batch', 'partial', BATCH_STATUS.partial, 'Partly failed', 'urgent'],
    ['batch', 'failed', BATCH_STATUS.failed, 'Failed', 'danger'],
    ['batch', 'cancelled', BATCH_STATUS.cancelled, 'Cancelled', 'neutral'],
    ['item', 'success', ITEM_STATUS.success, 'Succeeded', 'ok'],
    ['item', 'failed', ITEM_STATUS.failed, 'Failed', 'danger'],
    ['item', 'pending', ITEM_STATUS.pending, 'Pending', 'info'],
    ['job', 'queued', JOB_STATUS.queued, 'Queued', 'neutral'],
    ['job', 'failed', JOB_STATUS.failed, 'Failed', 'danger'],
    ['run', 'resolved', RUN_STATUS.resolved, 'Resolved', 'neutral'],
    ['expiry', 'expired', expiryStateView('expired'), 'Expired', 'danger'],
    ['expiry', '7_day', expiryStateView('7_day'), 'Within 7 days', 'urgent'],
    ['expiry', '3_day', expiryStateView('3_day'), 'Within 3 days', 'urgent'],
    ['expiry', '30_day', expiryStateView('30_day'), 'Within 30 days', 'info'],
    ['expiry', 'fine', expiryStateView('fine'), 'Fine', 'ok'],
  ] as const)('%s %s reads "%s" in tone %s', (_kind, _status, view, label, tone) => {
    expect(view).toEqual({ label, tone });
  });

  const tones = Object.entries(TONE_COLOURS) as Array<[Tone, { text: string; background: string }]>;
  for (const [scheme, palette] of [
    ['light', light],
    ['dark', dark],
  ] as const) {
    it.each(tones)(`the %s tone is at least 4.5:1 in ${scheme}`, (_tone, { text, background }) => {
      const fg = palette.get(text);
      const bg = palette.get(background);
      expect(fg, `${text} in ${scheme}`).toBeDefined();
      expect(bg, `${background} in ${scheme}`).toBeDefined();
      expect(contrast(fg!, bg!)).toBeGreaterThanOrEqual(4.5);
    });
  }

  it.each(tones)('the .badge-%s class draws the tokens the map names', (tone, { text, background }) => {
    const rule = badgeRule(tone);
    expect(rule).toMatch(new RegExp(`(?:^|;|\\s)color:\\s*var\\(${text}\\)`));
    expect(rule).toMatch(new RegExp(`background:\\s*var\\(${background}\\)`));
  });

  it('computes contrast as WCAG does (black on white is 21:1, grey #767676 on white 4.54:1)', () => {
    expect(contrast('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrast('#767676', '#ffffff')).toBeCloseTo(4.54, 2);
  });
});
