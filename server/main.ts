import { createToken } from './auth';
import { ConfigError, configFromEnv } from './config';
import { openDatabase } from './db/database';
import { migrate } from './db/migrations';
import { startServer } from './start';
import { describeLoad, loadReferenceFile } from './referenceLoad';

/**
 * `npm run server` serves /api/v1; `npm run server -- token create <principal>` makes a token
 * (stored as a hash, printed once); `npm run server -- reference load <file>` loads reference data.
 */
async function main(argv: string[]): Promise<void> {
  const config = configFromEnv();
  const [command, sub, principal, ...rest] = argv;
  if (command === undefined) {
    await startServer(config);
    return;
  }
  if (command === 'token' && sub === 'create' && principal && rest.length === 0) {
    const db = await openDatabase({
      databaseUrl: config.databaseUrl,
      dataDir: config.dataDir,
      schema: config.databaseSchema,
    });
    try {
      await migrate(db);
      const token = await createToken(db, principal);
      console.log(`Token for ${principal} (shown only this once; only its hash is stored):\n${token}`);
    } finally {
      await db.close();
    }
    return;
  }
  if (command === 'reference' && sub === 'load' && principal && rest.length === 0) {
    const db = await openDatabase({
      databaseUrl: config.databaseUrl,
      dataDir: config.dataDir,
      schema: config.databaseSchema,
    });
    try {
      await migrate(db);
      const report = await loadReferenceFile(db, principal);
      for (const line of describeLoad(report)) console.log(line);
      // the good rows are loaded; a bad one still makes the exit status say so
      if (report.problems.length > 0) process.exitCode = 2;
    } finally {
      await db.close();
    }
    return;
  }
  throw new ConfigError(
    'Usage: npm run server  |  npm run server -- token create <principal>  |  npm run server -- reference load <file>',
  );
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(
    error instanceof Error ? (error instanceof ConfigError ? error.message : error.stack) : error,
  );
  process.exit(1);
});
