import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/** The `lint:electron` gate: passes on the app, fails on a window without the security options. */

const script = path.resolve('scripts/electronegativity.mjs');
// each case starts the checker in a child process: seconds when the machine is idle, more under load
const GATE_TIMEOUT_MS = 120_000;

function runGate(args: string[]): { status: number | null; output: string } {
  const result = spawnSync(process.execPath, [script, ...args], {
    encoding: 'utf8',
    timeout: GATE_TIMEOUT_MS,
  });
  return { status: result.status, output: `${result.stdout}\n${result.stderr}` };
}

describe('scripts/electronegativity.mjs', () => {
  it(
    'passes on electron/ with every remaining finding justified',
    () => {
      const report = path.join(mkdtempSync(path.join(tmpdir(), 'ro-en-')), 'report.json');
      const { status, output } = runGate(['--report', report]);
      expect(output).toContain('electronegativity: passed');
      expect(status).toBe(0);
      const parsed = JSON.parse(readFileSync(report, 'utf8')) as {
        findings: Array<{ justification?: string }>;
      };
      expect(parsed.findings.every((finding) => typeof finding.justification === 'string')).toBe(true);
    },
    GATE_TIMEOUT_MS,
  );

  it(
    'fails on a window without context isolation and sandbox, and on a file it cannot parse',
    () => {
      const dir = mkdtempSync(path.join(tmpdir(), 'ro-en-bad-'));
      writeFileSync(
        path.join(dir, 'main.ts'),
        "import { BrowserWindow } from 'electron';\n" +
          "new BrowserWindow({ webPreferences: { contextIsolation: false, sandbox: false } }).loadURL('https://example.org');\n",
      );
      writeFileSync(path.join(dir, 'broken.ts'), 'const = ;\n');
      const { status, output } = runGate(['--input', dir, '--report', path.join(dir, 'report.json')]);
      expect(status).toBe(1);
      expect(output).toMatch(/UNEXPECTED\] CONTEXT_ISOLATION_JS_CHECK/);
      expect(output).toMatch(/UNEXPECTED\] SANDBOX_JS_CHECK/);
      expect(output).toMatch(/PARSE ERROR\].*broken\.ts/);
    },
    GATE_TIMEOUT_MS,
  );

  it(
    'fails when a page policy is weakened, even though its allowlist entry names that page',
    () => {
      const dir = mkdtempSync(path.join(tmpdir(), 'ro-en-csp-'));
      cpSync(path.resolve('electron'), path.join(dir, 'electron'), { recursive: true });
      mkdirSync(path.join(dir, 'renderer'));
      for (const page of ['index.html', 'engine.html']) {
        const html = readFileSync(path.resolve('renderer', page), 'utf8');
        writeFileSync(
          path.join(dir, 'renderer', page),
          html.replace("script-src 'self'", "script-src 'self' 'unsafe-inline'"),
        );
      }
      const { status, output } = runGate(['--input', dir, '--report', path.join(dir, 'report.json')]);
      expect(status).toBe(1);
      expect(output).toMatch(/UNEXPECTED\] CSP_GLOBAL_CHECK .*renderer\/engine\.html/);
    },
    GATE_TIMEOUT_MS,
  );
});
