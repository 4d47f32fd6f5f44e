import { createHash, randomBytes } from 'node:crypto';
import type { Queryable } from './db/database';

export const ADMIN = 'admin';

/** Who is calling: `admin` sees everything, any other principal is a coordinator id and sees its own. */
export interface Principal {
  id: string;
  isAdmin: boolean;
  /** sha256 of the bearer token: the rate limit's key; the token itself is never kept */
  tokenHash: string;
}

export const hashToken = (token: string) => createHash('sha256').update(token, 'utf8').digest('hex');

export function isValidPrincipal(principal: string): boolean {
  return /^[A-Za-z0-9][A-Za-z0-9_.:@-]{0,63}$/.test(principal);
}

/** Looks bearer tokens up in API_TOKENS and in the database (where only hashes are stored). */
export class TokenRegistry {
  private readonly fromEnv = new Map<string, string>();
  private readonly cache = new Map<string, { principal: string; until: number }>();

  constructor(
    private readonly db: Queryable,
    envTokens: ReadonlyMap<string, string>,
    private readonly cacheMs = 30_000,
  ) {
    for (const [token, principal] of envTokens) this.fromEnv.set(hashToken(token), principal);
  }

  get hasEnvTokens(): boolean {
    return this.fromEnv.size > 0;
  }

  /** The principal for an `Authorization` header value, or null when missing or unknown. */
  async authenticate(header: string | undefined): Promise<Principal | null> {
    const match = header === undefined ? null : /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!match?.[1]) return null;
    const tokenHash = hashToken(match[1]);
    const principal = this.fromEnv.get(tokenHash) ?? (await this.lookup(tokenHash));
    if (principal === undefined) return null;
    return { id: principal, isAdmin: principal === ADMIN, tokenHash };
  }

  private async lookup(tokenHash: string): Promise<string | undefined> {
    const cached = this.cache.get(tokenHash);
    if (cached && cached.until > Date.now()) return cached.principal;
    const rows = await this.db.query<{ principal: string }>(
      'SELECT principal FROM api_tokens WHERE token_hash = $1',
      [tokenHash],
    );
    const principal = rows[0]?.principal;
    if (principal !== undefined) this.cache.set(tokenHash, { principal, until: Date.now() + this.cacheMs });
    return principal;
  }
}

/** Makes a new random token for `principal`, stores its hash and returns the token (shown once). */
export async function createToken(db: Queryable, principal: string): Promise<string> {
  if (!isValidPrincipal(principal)) {
    throw new Error(`"${principal}" is not a principal: use "admin" or a coordinator id such as coord-119`);
  }
  const token = `ro_${randomBytes(24).toString('base64url')}`;
  await db.query('INSERT INTO api_tokens (token_hash, principal) VALUES ($1, $2)', [
    hashToken(token),
    principal,
  ]);
  return token;
}

/**
 * With no API_TOKENS and no stored token, makes one admin token (first start). Returns it, or null when
 * tokens exist already. Runs under an advisory lock so two instances starting together make only one.
 */
export async function createFirstAdminToken(db: {
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
}): Promise<string | null> {
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock(8787002)');
    const rows = await tx.query<{ n: number }>('SELECT count(*)::int AS n FROM api_tokens');
    if ((rows[0]?.n ?? 0) > 0) return null;
    return createToken(tx, ADMIN);
  });
}
