#!/usr/bin/env node
/**
 * `npm run lint:electron`: runs @doyensec/electronegativity over the Electron host and fails on
 * any finding that is not in ALLOWLIST below, and on any allowlist entry that no longer matches.
 *
 * It scans the TypeScript sources of electron/ (the checker parses TypeScript) together with the
 * renderer's HTML pages, because the pages' CSP <meta> tags are what its CSP check can read (the
 * same policy also goes out as a header from the app:// handler, which it cannot see).
 *
 * Usage: node scripts/electronegativity.mjs [--input DIR] [--report FILE]
 *   --input DIR    scan DIR as it is instead of the staged sources (used by the checker's own test)
 *   --report FILE  where to write the findings as JSON (default out/electronegativity.json)
 *
 * The checker is driven through its programmatic API rather than its CLI because (1) its CSV
 * writer does not quote the code sample column, so a sample with a comma breaks the columns;
 * (2) the API also returns parse errors, and a file the checker could not parse must fail the
 * gate instead of silently passing; (3) the CLI first downloads translations from the network,
 * which CI does not have, while the bundled English strings are enough.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/**
 * Findings that stay, each with the reason it is acceptable. A finding matches an entry when the
 * check, the file and (if given) a fragment of the flagged code all match; line numbers are
 * deliberately not part of the key so that edits elsewhere in a file do not invalidate it.
 */
export const ALLOWLIST = [
  {
    check: 'OPEN_EXTERNAL_JS_CHECK',
    file: 'electron/main/external.ts',
    sample: 'shell.openExternal(url)',
    why:
      'The single call site of shell.openExternal. It runs only after isVettedExternalUrl() accepted the URL ' +
      '(https, no credentials, no port, public DNS name), see test/unit/electron/security.test.ts.',
  },
  ...['renderer/index.html', 'renderer/engine.html'].map((file) => ({
    check: 'CSP_GLOBAL_CHECK',
    file,
    sample: "script-src 'self'",
    // the justification holds only while that remark is the evaluator's sole finding on the policy
    verify: (finding) => onlySelfScriptRemark(finding.sample),
    why:
      "The CSP evaluator's only remark is that script-src 'self' is weak when the origin hosts JSONP, Angular " +
      'or user-uploaded files. app://bundle serves only the read-only build output (resolveAppAsset confines ' +
      "it to out/renderer); imported spreadsheets are parsed as data, never served. No 'unsafe-inline', no " +
      "'unsafe-eval', object-src 'none', base-uri 'none'.",
  })),
  {
    check: 'PRELOAD_JS_CHECK',
    file: 'electron/main/windows.ts',
    sample: 'preload: preloadPath',
    why:
      'The preload is the reviewed bridge: it runs sandboxed with contextIsolation and exposes only named ' +
      'methods through contextBridge (never ipcRenderer), see electron/preload/index.ts and ' +
      'test/unit/electron/preload.test.ts.',
  },
];

/**
 * Checks turned off, each with its reason. Check names are the checker's class names.
 */
export const EXCLUDED_CHECKS = [
  {
    check: 'AvailableSecurityFixesGlobalCheck',
    why:
      'Looks up Electron releases on GitHub at run time; CI reaches only the npm registry. The Electron ' +
      'version is pinned in package-lock.json and moves with npm updates.',
  },
];

function parseArgs(argv) {
  const args = { input: undefined, report: path.join(repoRoot, 'out', 'electronegativity.json') };
  for (let i = 0; i < argv.length; i += 1) {
    const flag = argv[i];
    const value = argv[i + 1];
    if ((flag === '--input' || flag === '--report') && value) {
      args[flag.slice(2)] = path.resolve(value);
      i += 1;
    } else {
      throw new Error(`unknown argument ${flag}; usage: electronegativity.mjs [--input DIR] [--report FILE]`);
    }
  }
  return args;
}

/** electron/ and the renderer's pages, copied with their repository-relative paths. */
function stageSources() {
  const stage = mkdtempSync(path.join(tmpdir(), 'ro-electronegativity-'));
  cpSync(path.join(repoRoot, 'electron'), path.join(stage, 'electron'), { recursive: true });
  mkdirSync(path.join(stage, 'renderer'));
  for (const page of ['index.html', 'engine.html']) {
    cpSync(path.join(repoRoot, 'renderer', page), path.join(stage, 'renderer', page));
  }
  return stage;
}

/**
 * The checker reads its messages from a global `__`, set up by its locales/i18n module, which
 * also fetches translations over the network. Put a module in its place in the require cache
 * that registers the bundled English messages and fetches nothing.
 */
function registerOfflineMessages() {
  const localesDir = path.join(path.dirname(require.resolve('@doyensec/electronegativity')), 'locales');
  const i18nModulePath = path.join(localesDir, 'i18n.js');
  const offline = new Module(i18nModulePath);
  offline.filename = i18nModulePath;
  offline.loaded = true;
  offline.exports = async () => configureMessages(localesDir);
  require.cache[i18nModulePath] = offline;
}

function configureMessages(localesDir) {
  const i18n = require('i18n');
  i18n.configure({
    locales: ['en-US'],
    defaultLocale: 'en-US',
    directory: localesDir,
    updateFiles: false,
    objectNotation: true,
    retryInDefaultLocale: true,
    register: global,
  });
  i18n.setLocale('en-US');
}

function electronVersion() {
  return JSON.parse(readFileSync(path.join(repoRoot, 'node_modules', 'electron', 'package.json'), 'utf8'))
    .version;
}

const toPosix = (file) => file.split(path.sep).join('/');

function matchesEntry(finding, entry) {
  return (
    finding.check === entry.check &&
    finding.file === entry.file &&
    (entry.sample === undefined || (finding.sample ?? '').includes(entry.sample)) &&
    (entry.verify === undefined || entry.verify(finding))
  );
}

/**
 * Re-evaluates a CSP with the checker's own evaluator: true when its only remark is the
 * "'self' in script-src" caveat, so a policy that later gains 'unsafe-inline', a wildcard or a
 * remote host is not waved through by the allowlist entry.
 */
function onlySelfScriptRemark(policy) {
  const requireFromChecker = createRequire(require.resolve('@doyensec/electronegativity'));
  const csp = requireFromChecker('@doyensec/csp-evaluator');
  const remarks = new csp.CspEvaluator(new csp.CspParser(policy).csp, csp.Version.CSP3).evaluate();
  return (
    remarks.length > 0 &&
    remarks.every((remark) => remark.directive === 'script-src' && remark.value === "'self'")
  );
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const input = args.input ?? stageSources();
  const version = electronVersion();
  registerOfflineMessages();
  const runModule = require('@doyensec/electronegativity');
  const run = runModule.default ?? runModule;

  let result;
  try {
    result = await run(
      {
        input,
        output: undefined,
        isSarif: false,
        customScan: [],
        excludeFromScan: EXCLUDED_CHECKS.map((entry) => entry.check),
        severitySet: undefined,
        confidenceSet: undefined,
        isRelative: true,
        isVerbose: false,
        electronUpgrade: undefined,
        electronVersionOverride: version,
        parserPlugins: [],
      },
      false,
    );
  } finally {
    if (!args.input) rmSync(input, { recursive: true, force: true });
  }

  const findings = result.issues.map((issue) => ({
    check: issue.id,
    severity: issue.severity.name ?? String(issue.severity),
    confidence: issue.confidence.name ?? String(issue.confidence),
    file: issue.file === 'N/A' ? 'N/A' : toPosix(issue.file),
    line: issue.location.line,
    column: issue.location.column,
    sample: issue.sample ?? '',
    description: issue.description,
    manualReview: Boolean(issue.manualReview),
  }));
  const parseErrors = result.errors.filter((error) => !error.tolerable);

  const unexpected = [];
  const used = new Set();
  for (const finding of findings) {
    const entry = ALLOWLIST.find((candidate) => matchesEntry(finding, candidate));
    if (entry) {
      used.add(entry);
      finding.justification = entry.why;
    } else unexpected.push(finding);
  }
  // Only the real sources can make an entry stale; a custom --input says nothing about them.
  const stale = args.input ? [] : ALLOWLIST.filter((entry) => !used.has(entry));

  mkdirSync(path.dirname(args.report), { recursive: true });
  writeFileSync(
    args.report,
    `${JSON.stringify({ electron: version, checks: { global: result.globalChecks, atomic: result.atomicChecks }, excluded: EXCLUDED_CHECKS, findings, parseErrors }, null, 2)}\n`,
  );

  console.log(
    `electronegativity: Electron ${version}, ${result.globalChecks} global and ${result.atomicChecks} atomic checks, ` +
      `${findings.length} finding(s), ${findings.length - unexpected.length} justified`,
  );
  for (const finding of findings) {
    const mark = finding.justification ? 'justified' : 'UNEXPECTED';
    console.log(
      `  [${mark}] ${finding.check} ${finding.severity}/${finding.confidence} ${finding.file}:${finding.line}  ${finding.sample}`,
    );
    if (!finding.justification) console.log(`      ${finding.description}`);
  }
  for (const error of parseErrors) console.log(`  [PARSE ERROR] ${toPosix(error.file)}: ${error.message}`);
  for (const entry of stale)
    console.log(`  [STALE ALLOWLIST ENTRY] ${entry.check} ${entry.file}: no longer found, remove it`);
  console.log(`  report: ${path.relative(repoRoot, args.report)}`);

  if (result.atomicChecks === 0) {
    console.error('electronegativity: no checks ran');
    process.exitCode = 1;
  } else if (unexpected.length > 0 || parseErrors.length > 0 || stale.length > 0) {
    console.error(
      'electronegativity: failed. Fix each UNEXPECTED finding, or add it to ALLOWLIST in scripts/electronegativity.mjs ' +
        'with its justification and to docs/security.md.',
    );
    process.exitCode = 1;
  } else {
    console.log('electronegativity: passed');
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.stack : error);
  process.exitCode = 1;
});
