import { randomBytes } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export type Mode = 'demo' | 'production';

export interface LedgerConfig {
  mode: Mode;
  dataDir: string;
  port: number;
  /** The address the standalone API listens on (HOST): the loopback unless set, so nothing is exposed by accident. */
  host: string;
  /** External PostgreSQL; when absent the launcher starts an embedded one on `embeddedPostgresPort`. */
  databaseUrl?: string;
  /**
   * The schema owner (DATABASE_OWNER_URL): migrations run as it, and DATABASE_URL is then the
   * services' login role, a member of ledger_app only. Unset: DATABASE_URL migrates too.
   */
  databaseOwnerUrl?: string;
  embeddedPostgresPort: number;
  /** External Temporal; when absent the launcher starts a dev server on `devTemporalPort`. */
  temporalAddress?: string;
  devTemporalPort: number;
  temporalUiPort: number;
  temporalNamespace: string;
  taskQueue: string;
  jwtSecret: string;
  /**
   * The key TOTP secrets are sealed with at rest (TOTP_KEY: 32 bytes, base64). Required in
   * production; in demo mode, when unset, a key file in the data folder (`totpKeyOf`).
   */
  totpKey?: Buffer;
  /** Password of the demo accounts (demo mode only); generated at first start when unset. */
  demoPassword?: string;
  /** Run a supervision workflow per task (SUPERVISION=off to leave it out, e.g. in tests). */
  supervision: boolean;
  /** Browser origins allowed to call the API cross-site (CORS_ORIGINS, comma-separated); none by default. */
  corsOrigins: string[];
  /**
   * Requests per minute: `perMinute` per signed-in account (per address for requests without a
   * valid token); the sign-in endpoints `loginPerMinute` per client address and
   * `loginPerAccountPerMinute` per username. Health and metrics are not limited.
   */
  rateLimit: { perMinute: number; loginPerMinute: number; loginPerAccountPerMinute: number };
  /**
   * When `X-Forwarded-For` is believed (TRUST_PROXY): a hop count, or comma-separated addresses
   * and CIDRs of the reverse proxies (Express `trust proxy`). Unset: never, the peer's address counts.
   */
  trustProxy: number | string | false;
  /** 佐证材料: the largest upload (ATTACHMENT_MAX_MB, 20 by default), and where the bytes go. */
  attachments: AttachmentSettings;
  /** pino's level (LOG_LEVEL: trace, debug, info, warn, error, fatal, silent); info by default. */
  logLevel: string;
  /**
   * Prometheus metrics on METRICS_PORT (off when unset), bound to METRICS_HOST (the loopback by
   * default); the Temporal SDK's own worker metrics on TEMPORAL_METRICS_PORT (off when unset).
   */
  metrics?: { host: string; port: number };
  temporalMetricsPort?: number;
  /** An OTLP/HTTP collector (OTEL_EXPORTER_OTLP_ENDPOINT, e.g. http://127.0.0.1:4318): traces go there; unset, no tracing. */
  otlpEndpoint?: string;
}

export interface AttachmentSettings {
  maxBytes: number;
  /** An S3-compatible store when S3_ENDPOINT is set (bucket S3_BUCKET); otherwise the bytes stay in PostgreSQL. */
  s3?: { endpoint: string; bucket: string; region: string; accessKeyId?: string; secretAccessKey?: string };
}

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

/** Reads the environment once; production refuses demo settings and demands real secrets. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): LedgerConfig {
  const mode = parseMode(env.LEDGER_MODE ?? 'production');
  if (mode === 'production') {
    if (env.DEMO_PASSWORD)
      throw new ConfigError('DEMO_PASSWORD is set but demo accounts are refused in production mode (LEDGER_MODE=production)');
    if (!env.JWT_SECRET || env.JWT_SECRET.length < 32)
      throw new ConfigError('JWT_SECRET of at least 32 characters is required in production mode');
    if (!env.TOTP_KEY) throw new ConfigError('TOTP_KEY (32 random bytes, base64: openssl rand -base64 32) is required in production mode');
  }
  return {
    mode,
    dataDir: resolve(env.DATA_DIR ?? '.data'),
    port: port(env, 'PORT', 3000),
    host: env.HOST || '127.0.0.1',
    databaseUrl: env.DATABASE_URL || undefined,
    databaseOwnerUrl: env.DATABASE_OWNER_URL || undefined,
    embeddedPostgresPort: port(env, 'EMBEDDED_PG_PORT', 54329),
    temporalAddress: env.TEMPORAL_ADDRESS || undefined,
    devTemporalPort: port(env, 'TEMPORAL_DEV_PORT', 7233),
    temporalUiPort: port(env, 'TEMPORAL_UI_PORT', 8233),
    temporalNamespace: env.TEMPORAL_NAMESPACE ?? 'default',
    taskQueue: env.TEMPORAL_TASK_QUEUE ?? 'ledger-reports',
    // Demo mode without a secret: a fresh one per process (tokens end with the process).
    jwtSecret: env.JWT_SECRET ?? randomBytes(32).toString('base64url'),
    totpKey: env.TOTP_KEY ? totpKey(env.TOTP_KEY) : undefined,
    demoPassword: env.DEMO_PASSWORD || undefined,
    supervision: env.SUPERVISION !== 'off',
    corsOrigins: origins(env.CORS_ORIGINS),
    rateLimit: {
      perMinute: positive(env, 'RATE_LIMIT_PER_MINUTE', 1200),
      loginPerMinute: positive(env, 'LOGIN_RATE_LIMIT_PER_MINUTE', 120),
      loginPerAccountPerMinute: positive(env, 'LOGIN_RATE_LIMIT_PER_ACCOUNT_PER_MINUTE', 20),
    },
    trustProxy: trustProxy(env.TRUST_PROXY),
    attachments: attachmentSettings(env),
    logLevel: logLevel(env.LOG_LEVEL),
    metrics: env.METRICS_PORT ? { host: env.METRICS_HOST || '127.0.0.1', port: port(env, 'METRICS_PORT', 0) } : undefined,
    temporalMetricsPort: env.TEMPORAL_METRICS_PORT ? port(env, 'TEMPORAL_METRICS_PORT', 0) : undefined,
    otlpEndpoint: otlpEndpoint(env.OTEL_EXPORTER_OTLP_ENDPOINT),
  };
}

const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'];

function logLevel(raw: string | undefined): string {
  if (!raw) return 'info';
  if (!LOG_LEVELS.includes(raw)) throw new ConfigError(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, not "${raw}"`);
  return raw;
}

function otlpEndpoint(raw: string | undefined): string | undefined {
  if (!raw) return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(`OTEL_EXPORTER_OTLP_ENDPOINT must be a URL like http://127.0.0.1:4318, not "${raw}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new ConfigError(`OTEL_EXPORTER_OTLP_ENDPOINT must be http(s), not "${raw}"`);
  return raw;
}

/** TRUST_PROXY: a hop count (`1`), or the proxies' addresses and CIDRs (`10.0.0.0/8, 192.168.1.5`). */
export function trustProxy(value: string | undefined): number | string | false {
  const text = value?.trim() ?? '';
  if (text === '' || text === 'false' || text === '0') return false;
  if (/^\d+$/.test(text)) return Number(text);
  const entries = text.split(',').map((entry) => entry.trim());
  const bad = entries.find(
    (entry) => !/^[0-9A-Fa-f:.]+(\/\d{1,3})?$/.test(entry) && !['loopback', 'linklocal', 'uniquelocal'].includes(entry),
  );
  if (bad !== undefined)
    throw new ConfigError(`TRUST_PROXY must be a hop count or comma-separated addresses/CIDRs, not ${JSON.stringify(bad)}`);
  return entries.join(',');
}

/** Where evidence goes and how large a file may be (ATTACHMENT_MAX_MB, S3_ENDPOINT, S3_BUCKET, S3_REGION, S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY). */
export function attachmentSettings(env: NodeJS.ProcessEnv = process.env): AttachmentSettings {
  const maxBytes = positive(env, 'ATTACHMENT_MAX_MB', 20) * 1024 * 1024;
  if (!env.S3_ENDPOINT) return { maxBytes };
  return {
    maxBytes,
    s3: {
      endpoint: env.S3_ENDPOINT,
      bucket: env.S3_BUCKET || 'ledger-attachments',
      region: env.S3_REGION || 'us-east-1',
      accessKeyId: env.S3_ACCESS_KEY_ID || undefined,
      secretAccessKey: env.S3_SECRET_ACCESS_KEY || undefined,
    },
  };
}

function totpKey(text: string): Buffer {
  const key = Buffer.from(text, 'base64');
  if (key.length !== 32) throw new ConfigError(`TOTP_KEY must be 32 bytes in base64 (openssl rand -base64 32), not ${key.length} bytes`);
  return key;
}

/**
 * The key TOTP secrets are sealed with: TOTP_KEY, or in demo mode `DATA_DIR/totp.key`, made at
 * the first start (the secrets of a demo stay readable across restarts, as its database does).
 */
export function totpKeyOf(config: Pick<LedgerConfig, 'mode' | 'dataDir' | 'totpKey'>): Buffer {
  if (config.totpKey) return config.totpKey;
  if (config.mode !== 'demo') throw new ConfigError('TOTP_KEY is required in production mode');
  const file = join(config.dataDir, 'totp.key');
  mkdirSync(config.dataDir, { recursive: true });
  // Written whole under another name, then linked in: of several processes starting at once, the
  // first link wins and every one reads that key, never a half-written file.
  const draft = `${file}.${randomBytes(6).toString('hex')}`;
  writeFileSync(draft, randomBytes(32).toString('base64'), { mode: 0o600 });
  try {
    linkSync(draft, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    rmSync(draft, { force: true });
  }
  return totpKey(readFileSync(file, 'utf8').trim());
}

function parseMode(value: string): Mode {
  if (value === 'demo' || value === 'production') return value;
  throw new ConfigError(`LEDGER_MODE must be demo or production, not "${value}"`);
}

function port(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0 || value > 65535) throw new ConfigError(`${name} must be a TCP port, not "${raw}"`);
  return value;
}

function positive(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) throw new ConfigError(`${name} must be a positive integer, not "${raw}"`);
  return value;
}

function origins(raw: string | undefined): string[] {
  const list = (raw ?? '')
    .split(',')
    .map((origin) => origin.trim())
    .filter(Boolean);
  for (const origin of list) {
    let url: URL;
    try {
      url = new URL(origin);
    } catch {
      throw new ConfigError(`CORS_ORIGINS holds "${origin}", which is not an origin like https://ledger.example.gov.cn`);
    }
    if (url.origin !== origin) throw new ConfigError(`CORS_ORIGINS holds "${origin}"; write the origin alone: ${url.origin}`);
  }
  return list;
}
