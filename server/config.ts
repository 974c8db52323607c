import { z } from 'zod';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { CountryCode } from 'libphonenumber-js';
import { getCountries } from 'libphonenumber-js';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((value) => value === 'true' || value === '1' || value === 'yes');

const secret = z.string().min(32, 'must be at least 32 characters');

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  INTEGRATION_PORT: z.coerce.number().int().min(0).max(65535).default(3001),
  INTEGRATION_HOST: z.string().optional(),
  DATA_DIR: z.string().default('./data'),
  DATABASE_URL: z
    .string()
    .regex(/^(sqlite:|postgres(ql)?:\/\/)/, 'must start with sqlite: or postgres://')
    .optional(),
  REDIS_URL: z.string().regex(/^rediss?:\/\//, 'must start with redis:// or rediss://').optional(),
  JWT_SECRET: secret.optional(),
  SESSION_TTL_HOURS: z.coerce.number().positive().max(24 * 30).default(12),
  WEBHOOK_SECRET: secret.optional(),
  WEBHOOK_SECRET_PREVIOUS: secret.optional(),
  WEBHOOK_TOLERANCE_SECONDS: z.coerce.number().int().positive().default(300),
  DEFAULT_PHONE_REGION: z
    .string()
    .refine((c) => (getCountries() as string[]).includes(c), 'must be an ISO 3166 country code such as US or GB')
    .default('US'),
  DEMO: bool.default(true),
  DEMO_SEED: z.coerce.number().int().default(20261123),
  SIMULATOR_RATE_PER_MINUTE: z.coerce.number().min(0).max(6000).default(10),
  // Each simulated agent logs in from loopback, within the login limit of 100 per 15 minutes per address.
  SIMULATOR_AGENTS: z.coerce.number().int().min(0).max(50).default(4),
  // How soon a removed account, or one whose role or queues changed, loses the live pushes of its open sockets.
  ACCOUNT_CHECK_SECONDS: z.coerce.number().positive().max(3600).default(10),
  ALLOWED_ORIGINS: z.string().optional(),
  PRESENCE_GRACE_SECONDS: z.coerce.number().min(0).max(3600).default(30),
  AFTER_CALL_WORK_SECONDS: z.coerce.number().min(0).max(3600).default(0),
  ANALYSIS_THREAD: bool.default(true),
  CHAT_QUEUE: z.string().min(1).default('chat'),
  COMPETITORS: z.string().max(4000).optional(),
  CHURN_MODEL: z.string().optional(),
  RISK_MEDIUM: z.coerce.number().gt(0).lt(1).default(0.3),
  RISK_HIGH: z.coerce.number().gt(0).lt(1).default(0.6),
  NBA_HOLDOUT_SHARE: z.coerce.number().min(0).max(1).default(0.1),
  VISITOR_TOKEN_TTL_MINUTES: z.coerce.number().positive().max(24 * 60).default(120),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export interface Config {
  env: 'development' | 'production' | 'test';
  port: number;
  host: string;
  /** Where the signed integration API listens: a port of its own, served by a thread of its own. */
  integrationPort: number;
  integrationHost: string;
  dataDir: string;
  databaseUrl: string;
  redisUrl: string | undefined;
  jwtSecret: string;
  sessionTtlSeconds: number;
  /** Current secret first; the previous one is kept while senders rotate. */
  webhookSecrets: string[];
  webhookToleranceSeconds: number;
  defaultPhoneRegion: CountryCode;
  demo: boolean;
  demoSeed: number;
  /** Demo traffic: new calls and chats per minute, and how many simulated agents answer them (0 turns the simulator off). */
  simulatorRatePerMinute: number;
  simulatorAgents: number;
  allowedOrigins: string[];
  presenceGraceMs: number;
  afterCallWorkMs: number;
  accountCheckMs: number;
  chatQueue: string;
  /** Whether transcript turns are analysed (redaction, sentiment, signals) on a worker thread rather than the main one. */
  analysisThread: boolean;
  /** Competitor names the defection detector listens for; its default US telco list when unset. */
  competitors: string[] | undefined;
  /** A churn model artifact from `npm run churn:train`; the shipped telco model when unset. */
  churnModelFile: string | undefined;
  riskThresholds: { medium: number; high: number };
  /** Share of interactions whose actions are ranked at random: the baseline the learned ranking is measured against. */
  nbaHoldoutShare: number;
  visitorTokenTtlSeconds: number;
  logLevel: string;
}

export class ConfigError extends Error {}

/**
 * Reads the configuration from the environment. Secrets left unset are generated once and
 * kept in DATA_DIR/secrets.json so the embedded mode works with no setup and sessions and
 * signatures survive restarts; production refuses to run on generated secrets.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(Object.fromEntries(Object.entries(env).filter(([, v]) => v !== '')));
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  if (e.INTEGRATION_PORT !== 0 && e.INTEGRATION_PORT === e.PORT) throw new ConfigError('Invalid configuration:\n  INTEGRATION_PORT must differ from PORT');
  if (e.RISK_MEDIUM >= e.RISK_HIGH) throw new ConfigError('Invalid configuration:\n  RISK_MEDIUM must be below RISK_HIGH');
  if (e.NODE_ENV === 'production' && (!e.JWT_SECRET || !e.WEBHOOK_SECRET)) {
    throw new ConfigError('Invalid configuration:\n  JWT_SECRET and WEBHOOK_SECRET must be set when NODE_ENV=production');
  }
  const dataDir = path.resolve(e.DATA_DIR);
  const needsGenerated = !e.JWT_SECRET || !e.WEBHOOK_SECRET;
  const generated = needsGenerated ? generatedSecrets(dataDir) : undefined;
  const webhookSecret = e.WEBHOOK_SECRET ?? generated!.webhookSecret;
  return {
    env: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    integrationPort: e.INTEGRATION_PORT,
    integrationHost: e.INTEGRATION_HOST ?? e.HOST,
    dataDir,
    databaseUrl: e.DATABASE_URL ?? `sqlite:${path.join(dataDir, 'cue.sqlite')}`,
    redisUrl: e.REDIS_URL,
    jwtSecret: e.JWT_SECRET ?? generated!.jwtSecret,
    sessionTtlSeconds: Math.round(e.SESSION_TTL_HOURS * 3600),
    webhookSecrets: e.WEBHOOK_SECRET_PREVIOUS ? [webhookSecret, e.WEBHOOK_SECRET_PREVIOUS] : [webhookSecret],
    webhookToleranceSeconds: e.WEBHOOK_TOLERANCE_SECONDS,
    defaultPhoneRegion: e.DEFAULT_PHONE_REGION as CountryCode,
    demo: e.DEMO,
    demoSeed: e.DEMO_SEED,
    simulatorRatePerMinute: e.SIMULATOR_RATE_PER_MINUTE,
    simulatorAgents: e.SIMULATOR_AGENTS,
    allowedOrigins: e.ALLOWED_ORIGINS ? e.ALLOWED_ORIGINS.split(',').map((o) => o.trim()) : [],
    presenceGraceMs: e.PRESENCE_GRACE_SECONDS * 1000,
    afterCallWorkMs: e.AFTER_CALL_WORK_SECONDS * 1000,
    accountCheckMs: e.ACCOUNT_CHECK_SECONDS * 1000,
    analysisThread: e.ANALYSIS_THREAD,
    chatQueue: e.CHAT_QUEUE,
    churnModelFile: e.CHURN_MODEL ? path.resolve(e.CHURN_MODEL) : undefined,
    riskThresholds: { medium: e.RISK_MEDIUM, high: e.RISK_HIGH },
    nbaHoldoutShare: e.NBA_HOLDOUT_SHARE,
    competitors: e.COMPETITORS ? e.COMPETITORS.split(',').map((c) => c.trim()).filter(Boolean) : undefined,
    visitorTokenTtlSeconds: Math.round(e.VISITOR_TOKEN_TTL_MINUTES * 60),
    logLevel: e.LOG_LEVEL,
  };
}

interface GeneratedSecrets {
  jwtSecret: string;
  webhookSecret: string;
}

function generatedSecrets(dataDir: string): GeneratedSecrets {
  const file = path.join(dataDir, 'secrets.json');
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as GeneratedSecrets;
  const secrets: GeneratedSecrets = {
    jwtSecret: randomBytes(32).toString('hex'),
    webhookSecret: `whsec_${randomBytes(24).toString('hex')}`,
  };
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  return secrets;
}

/** For entry points: print what is wrong and exit 1 rather than start half-configured. */
export function loadConfigOrExit(): Config {
  try {
    return loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
}
