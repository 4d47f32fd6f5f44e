import { z } from 'zod';
import { DEFAULT_ACTIVITY_TYPES, DEFAULT_MAX_ITEMS, DEFAULT_THRESHOLDS, Threshold } from '../src/contract';

/** Settings from the environment: the table in contract.md plus a few operational knobs. */
export interface ServerConfig {
  host: string;
  port: number;
  databaseUrl: string | undefined;
  /** PGlite's folder; `memory://` keeps it in memory (tests). */
  dataDir: string;
  /** token -> principal, from API_TOKENS */
  apiTokens: Map<string, string>;
  maxItems: number;
  activityTypes: string[];
  expiryThresholds: string[];
  bodyLimitBytes: number;
  /** per token; 0 turns the limit off */
  rateLimitPerMinute: number;
  /** how long a worker's claim on a batch and its items lasts before another worker may take it over */
  claimLeaseMs: number;
  workerChunkSize: number;
  workerPollMs: number;
  /** false: this process only serves HTTP (tests that drive the worker themselves) */
  workerEnabled: boolean;
  /** file that receives `http://host:port` once listening (useful with PORT=0) */
  portFile: string | undefined;
  logLevel: string;
  /** PostgreSQL schema to use (tests isolate runs with one schema each) */
  databaseSchema: string | undefined;
  /** sheets of scrap paper per active registration on the invigilator's sheet */
  scrapPaperPerCandidate: number;
  /** attendee jobs (C4): jobs one process works on side by side, and tasks settled per transaction */
  attendeeLanes: number;
  attendeeChunkSize: number;
  /** where `job.ended` is posted, and the HMAC key that signs it */
  webhookUrls: string[];
  webhookSecret: string | undefined;
  /** an attempt that has not answered in this long has failed */
  webhookTimeoutMs: number;
  /** retries back off exponentially from the base to the cap, with full jitter, for the retry window */
  webhookRetryBaseMs: number;
  webhookRetryCapMs: number;
  webhookRetryWindowMs: number;
}

const csv = (value: string) =>
  value
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '');

const intSetting = (name: string, min: number, fallback: number) =>
  z
    .string()
    .optional()
    .transform((value, ctx) => {
      if (value === undefined || value.trim() === '') return fallback;
      const n = Number(value);
      if (!Number.isInteger(n) || n < min) {
        ctx.addIssue({ code: 'custom', message: `${name} must be a whole number ≥ ${min}, got "${value}"` });
        return z.NEVER;
      }
      return n;
    });

const EnvSchema = z.object({
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: intSetting('PORT', 0, 8787).refine((n) => n <= 65535, 'PORT must be at most 65535'),
  DATABASE_URL: z
    .string()
    .optional()
    .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()))
    .refine(
      (v) => v === undefined || /^postgres(ql)?:\/\//.test(v),
      'DATABASE_URL must start with postgres://',
    ),
  DATABASE_SCHEMA: z
    .string()
    .regex(/^[a-z_][a-z0-9_]{0,62}$/, 'DATABASE_SCHEMA must be a lower-case SQL identifier')
    .optional(),
  DATA_DIR: z.string().min(1).default('./data/server'),
  API_TOKENS: z
    .string()
    .optional()
    .transform((value, ctx) => {
      const map = new Map<string, string>();
      for (const pair of csv(value ?? '')) {
        const at = pair.indexOf(':');
        const token = pair.slice(0, at).trim();
        const principal = pair.slice(at + 1).trim();
        if (at <= 0 || token.length < 8 || principal === '') {
          ctx.addIssue({
            code: 'custom',
            message: `API_TOKENS entries are token:principal with a token of at least 8 characters; "${pair.slice(0, 12)}…" is not`,
          });
          return z.NEVER;
        }
        map.set(token, principal);
      }
      return map;
    }),
  MAX_ITEMS: intSetting('MAX_ITEMS', 1, DEFAULT_MAX_ITEMS),
  ACTIVITY_TYPES: z
    .string()
    .optional()
    .transform((value, ctx) => {
      const types = value === undefined || value.trim() === '' ? [...DEFAULT_ACTIVITY_TYPES] : csv(value);
      const bad = types.find((t) => !/^[a-z][a-z0-9_]*$/.test(t));
      if (bad !== undefined) {
        ctx.addIssue({ code: 'custom', message: `ACTIVITY_TYPES: "${bad}" is not a lower-case identifier` });
        return z.NEVER;
      }
      return types;
    }),
  EXPIRY_THRESHOLDS: z
    .string()
    .optional()
    .transform((value, ctx) => {
      const list = value === undefined || value.trim() === '' ? [...DEFAULT_THRESHOLDS] : csv(value);
      const bad = list.find((t) => !Threshold.safeParse(t).success);
      if (bad !== undefined) {
        ctx.addIssue({ code: 'custom', message: `EXPIRY_THRESHOLDS: "${bad}" is not "expired" or "N_day"` });
        return z.NEVER;
      }
      return list;
    }),
  BODY_LIMIT_MB: intSetting('BODY_LIMIT_MB', 1, 16),
  RATE_LIMIT_PER_MINUTE: intSetting('RATE_LIMIT_PER_MINUTE', 0, 60_000),
  CLAIM_LEASE_MS: intSetting('CLAIM_LEASE_MS', 100, 30_000),
  WORKER_CHUNK_SIZE: intSetting('WORKER_CHUNK_SIZE', 1, 5_000),
  WORKER_POLL_MS: intSetting('WORKER_POLL_MS', 10, 250),
  WORKER: z.enum(['on', 'off']).default('on'),
  SCRAP_PAPER_PER_CANDIDATE: intSetting('SCRAP_PAPER_PER_CANDIDATE', 0, 2),
  PORT_FILE: z.string().min(1).optional(),
  ATTENDEE_WORKER_LANES: intSetting('ATTENDEE_WORKER_LANES', 1, 8),
  ATTENDEE_CHUNK_SIZE: intSetting('ATTENDEE_CHUNK_SIZE', 1, 50),
  WEBHOOK_URLS: z
    .string()
    .optional()
    .transform((value, ctx) => {
      const urls = csv(value ?? '');
      const bad = urls.find((u) => !/^https?:\/\/[^\s]+$/.test(u) || !URL.canParse(u));
      if (bad !== undefined) {
        ctx.addIssue({ code: 'custom', message: `WEBHOOK_URLS: "${bad}" is not an http(s) URL` });
        return z.NEVER;
      }
      return urls;
    }),
  WEBHOOK_SECRET: z
    .string()
    .optional()
    .transform((v) => (v === undefined || v === '' ? undefined : v)),
  WEBHOOK_TIMEOUT_MS: intSetting('WEBHOOK_TIMEOUT_MS', 100, 10_000),
  WEBHOOK_RETRY_BASE_MS: intSetting('WEBHOOK_RETRY_BASE_MS', 10, 1_000),
  WEBHOOK_RETRY_CAP_MS: intSetting('WEBHOOK_RETRY_CAP_MS', 10, 60 * 60_000),
  WEBHOOK_RETRY_HOURS: intSetting('WEBHOOK_RETRY_HOURS', 1, 24),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export class ConfigError extends Error {}

/** Reads the settings; a bad value throws a ConfigError whose message is one clear line. */
export function configFromEnv(env: Record<string, string | undefined> = process.env): ServerConfig {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.join('.') ?? '';
    const message = issue?.message ?? 'invalid setting';
    throw new ConfigError(
      message.startsWith(where) ? `Bad setting: ${message}` : `Bad setting ${where}: ${message}`,
    );
  }
  const e = parsed.data;
  if (e.WEBHOOK_URLS.length > 0 && e.WEBHOOK_SECRET === undefined) {
    throw new ConfigError(
      'Bad setting WEBHOOK_SECRET: WEBHOOK_URLS is set, so webhooks need a secret to sign them',
    );
  }
  return {
    host: e.HOST,
    port: e.PORT,
    databaseUrl: e.DATABASE_URL,
    databaseSchema: e.DATABASE_SCHEMA,
    dataDir: e.DATA_DIR,
    apiTokens: e.API_TOKENS,
    maxItems: e.MAX_ITEMS,
    activityTypes: e.ACTIVITY_TYPES,
    expiryThresholds: e.EXPIRY_THRESHOLDS,
    bodyLimitBytes: e.BODY_LIMIT_MB * 1024 * 1024,
    rateLimitPerMinute: e.RATE_LIMIT_PER_MINUTE,
    claimLeaseMs: e.CLAIM_LEASE_MS,
    workerChunkSize: e.WORKER_CHUNK_SIZE,
    workerPollMs: e.WORKER_POLL_MS,
    workerEnabled: e.WORKER === 'on',
    portFile: e.PORT_FILE,
    logLevel: e.LOG_LEVEL,
    scrapPaperPerCandidate: e.SCRAP_PAPER_PER_CANDIDATE,
    attendeeLanes: e.ATTENDEE_WORKER_LANES,
    attendeeChunkSize: e.ATTENDEE_CHUNK_SIZE,
    webhookUrls: e.WEBHOOK_URLS,
    webhookSecret: e.WEBHOOK_SECRET,
    webhookTimeoutMs: e.WEBHOOK_TIMEOUT_MS,
    webhookRetryBaseMs: e.WEBHOOK_RETRY_BASE_MS,
    webhookRetryCapMs: e.WEBHOOK_RETRY_CAP_MS,
    webhookRetryWindowMs: e.WEBHOOK_RETRY_HOURS * 60 * 60_000,
  };
}
