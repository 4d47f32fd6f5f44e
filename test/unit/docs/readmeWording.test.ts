import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The README quotes the screen's words in bold (**Save server settings**, **Settings ›
 * Coordinator**): each quoted name is found, word for word, in the renderer's source, so a button
 * renamed on screen fails here until the README follows. `N` stands for a number the screen fills in.
 */

const root = new URL('../../../', import.meta.url).pathname;
const readme = readFileSync(join(root, 'README.md'), 'utf8');

/** Bold phrases of the README that are its own headings, not words on screen. */
const README_OWN_WORDS = new Set([
  'Bulk registration',
  'Field registration',
  'Expiry notifications',
  'Sync',
  'What syncs when',
  'What you see',
  // the operating system's file menu, not the app's screen
  'Open with',
]);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(tsx|ts)$/.test(name) ? [path] : [];
  });
}

// JSX text is split over lines by the formatter: compare with whitespace collapsed
const source = sourceFiles(join(root, 'renderer'))
  .map((file) => readFileSync(file, 'utf8'))
  .join('\n')
  .replace(/\s+/g, ' ')
  .replace(/&hellip;/g, '…');

/** Each screen name a bold phrase quotes: "Settings › Coordinator" is two (page, then section). */
function quotedNames(): string[] {
  const names = new Set<string>();
  for (const [, found] of readme.matchAll(/\*\*([^*]+)\*\*/g)) {
    const bold = found!.replace(/\s+/g, ' ').trim();
    for (const part of bold.split('›').map((p) => p.trim())) {
      if (!README_OWN_WORDS.has(part)) names.add(part);
    }
  }
  return [...names];
}

function onScreen(name: string): boolean {
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\bN\b/g, '(?:\\d+|\\$?\\{[^}]+\\})');
  return new RegExp(`(?:>|'|"|\`| )${escaped}(?:<|'|"|\`| |\\{)`).test(source);
}

describe('the README quotes the screen word for word', () => {
  it('quotes some names at all (the pattern still finds them)', () => {
    expect(quotedNames().length).toBeGreaterThan(15);
  });

  it.each(quotedNames())('"%s" is on screen as written', (name) => {
    expect(onScreen(name)).toBe(true);
  });

  it('finds a name only as written (a renamed button would fail)', () => {
    expect(onScreen('Save server settings')).toBe(true);
    expect(onScreen('Save the server settings')).toBe(false);
  });
});
