// The long fuzz pass of the importer: `npm run fuzz [-- runs]`; FUZZ_SEED=<seed> replays one.
import { spawnSync } from 'node:child_process';

const runs = process.argv[2] ?? process.env.FUZZ_RUNS ?? '2000';
const result = spawnSync(
  'npx',
  ['vitest', 'run', '--project', 'default', 'test/unit/import/fuzz.test.ts', '--silent=false'],
  { stdio: 'inherit', env: { ...process.env, FUZZ_RUNS: runs }, shell: process.platform === 'win32' },
);
process.exit(result.status ?? 1);
