import { writeFile } from 'node:fs/promises';
import { createFirstAdminToken } from './auth';
import { createServer, type Server } from './app';
import type { ServerConfig } from './config';

/**
 * Starts a listening server with its worker, prints `listening on URL` (and writes the URL to PORT_FILE),
 * creates the first admin token when no token exists, and shuts down gracefully on SIGTERM/SIGINT.
 */
export async function startServer(
  config: ServerConfig,
  options: { handleSignals?: boolean } = {},
): Promise<Server> {
  const server = await createServer(config);
  if (config.apiTokens.size === 0) {
    const token = await createFirstAdminToken(server.db);
    if (token) {
      console.log(
        `No API_TOKENS and no stored token: created an admin token. It is shown only this once, keep it:\n  ${token}`,
      );
    }
  }
  const url = await server.listen();
  console.log(`listening on ${url} (${config.databaseUrl ? 'PostgreSQL' : `PGlite in ${config.dataDir}`})`);
  if (config.portFile) await writeFile(config.portFile, url + '\n');
  if (options.handleSignals ?? true) {
    const shutdown = (signal: string) => {
      server.app.log.info({ signal }, 'shutting down: finishing in-flight requests, releasing claimed items');
      server.close().then(
        () => process.exit(0),
        (error: unknown) => {
          console.error('shutdown failed', error);
          process.exit(1);
        },
      );
    };
    process.once('SIGTERM', () => shutdown('SIGTERM'));
    process.once('SIGINT', () => shutdown('SIGINT'));
  }
  return server;
}
