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
  /** /api/health/ready fails when the oldest event the projector has not applied is older than this (READY_MAX_PROJECTOR_LAG_SECONDS). */
  readiness: { maxProjectorLagSeconds: number };
  /** How long a stopping service lets work in flight finish before it gives up on it (SHUTDOWN_GRACE_SECONDS). */
  shutdownGraceSeconds: number;
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

/** One thing wrong with the environment, named by its variable; `problem` is "中文 / English". */
export interface ConfigIssue {
  variable: string;
  problem: string;
}

/** Every problem of the environment at once, so one restart fixes them all. */
export class ConfigError extends Error {
  readonly issues: readonly ConfigIssue[];
  constructor(issues: readonly ConfigIssue[] | string) {
    const list = typeof issues === 'string' ? [{ variable: '', problem: issues }] : issues;
    super(describeIssues(list));
    this.name = 'ConfigError';
    this.issues = list;
  }
}

function describeIssues(issues: readonly ConfigIssue[]): string {
  if (issues.length === 1 && !issues[0]!.variable) return issues[0]!.problem;
  const lines = issues.map(({ variable, problem }) => `  - ${variable}: ${problem}`);
  return [`配置有误（${issues.length} 处），未启动 / invalid configuration (${issues.length} problems), not started:`, ...lines].join('\n');
}

/**
 * The processes that read the configuration, and the variables each cannot start without
 * (the rest have defaults; the launcher starts embedded servers when DATABASE_URL or
 * TEMPORAL_ADDRESS is absent).
 */
export type Service = 'api' | 'worker' | 'projector' | 'launcher';
const REQUIRED_BY: Record<Service, readonly string[]> = {
  api: ['DATABASE_URL', 'TEMPORAL_ADDRESS'],
  worker: ['DATABASE_URL', 'TEMPORAL_ADDRESS'],
  projector: ['DATABASE_URL'],
  launcher: [],
};

/** The configuration of one process: `loadConfig` plus the variables that process requires, all problems at once. */
export function loadServiceConfig(service: Service, env: NodeJS.ProcessEnv = process.env): LedgerConfig {
  const issues: ConfigIssue[] = REQUIRED_BY[service]
    .filter((variable) => !env[variable])
    .map((variable) => ({ variable, problem: `${service} 启动必须设置此变量 / ${variable} is required by the ${service}` }));
  let config: LedgerConfig | undefined;
  try {
    config = loadConfig(env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    issues.push(...error.issues);
  }
  if (issues.length > 0 || !config) throw new ConfigError(issues);
  return config;
}

/** Reads and checks the environment once; production refuses demo settings and demands real secrets. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): LedgerConfig {
  const issues: ConfigIssue[] = [];
  const read: Reader = {
    env,
    problem: (variable, problem) => void issues.push({ variable, problem }),
  };
  const mode = parseMode(read);
  if (mode === 'production') {
    if (env.DEMO_PASSWORD)
      read.problem(
        'DEMO_PASSWORD',
        '生产模式不允许演示账号，请删除此变量 / DEMO_PASSWORD is set but demo accounts are refused in production mode (LEDGER_MODE=production)',
      );
    if (!env.JWT_SECRET || env.JWT_SECRET.length < 32)
      read.problem('JWT_SECRET', '生产模式必须设置，至少 32 个字符 / JWT_SECRET of at least 32 characters is required in production mode');
    if (!env.TOTP_KEY)
      read.problem(
        'TOTP_KEY',
        '生产模式必须设置（32 字节随机数的 base64：openssl rand -base64 32）/ TOTP_KEY (32 random bytes, base64: openssl rand -base64 32) is required in production mode',
      );
  }
  const config: LedgerConfig = {
    mode,
    dataDir: resolve(env.DATA_DIR ?? '.data'),
    port: port(read, 'PORT', 3000),
    host: env.HOST || '127.0.0.1',
    databaseUrl: postgresUrl(read, 'DATABASE_URL'),
    databaseOwnerUrl: postgresUrl(read, 'DATABASE_OWNER_URL'),
    embeddedPostgresPort: port(read, 'EMBEDDED_PG_PORT', 54329),
    temporalAddress: hostAndPort(read, 'TEMPORAL_ADDRESS'),
    devTemporalPort: port(read, 'TEMPORAL_DEV_PORT', 7233),
    temporalUiPort: port(read, 'TEMPORAL_UI_PORT', 8233),
    temporalNamespace: nonEmpty(read, 'TEMPORAL_NAMESPACE', 'default'),
    taskQueue: nonEmpty(read, 'TEMPORAL_TASK_QUEUE', 'ledger-reports'),
    // Demo mode without a secret: a fresh one per process (tokens end with the process).
    jwtSecret: env.JWT_SECRET ?? randomBytes(32).toString('base64url'),
    totpKey: env.TOTP_KEY ? totpKeyFrom(read, env.TOTP_KEY) : undefined,
    demoPassword: env.DEMO_PASSWORD || undefined,
    supervision: onOff(read, 'SUPERVISION', true),
    corsOrigins: origins(read),
    rateLimit: {
      perMinute: positive(read, 'RATE_LIMIT_PER_MINUTE', 1200),
      loginPerMinute: positive(read, 'LOGIN_RATE_LIMIT_PER_MINUTE', 120),
      loginPerAccountPerMinute: positive(read, 'LOGIN_RATE_LIMIT_PER_ACCOUNT_PER_MINUTE', 20),
    },
    trustProxy: trustProxyOf(read),
    attachments: attachmentsOf(read),
    readiness: { maxProjectorLagSeconds: positive(read, 'READY_MAX_PROJECTOR_LAG_SECONDS', 30) },
    shutdownGraceSeconds: positive(read, 'SHUTDOWN_GRACE_SECONDS', 25),
    logLevel: logLevel(read),
    metrics: env.METRICS_PORT ? { host: env.METRICS_HOST || '127.0.0.1', port: port(read, 'METRICS_PORT', 0) } : undefined,
    temporalMetricsPort: env.TEMPORAL_METRICS_PORT ? port(read, 'TEMPORAL_METRICS_PORT', 0) : undefined,
    otlpEndpoint: otlpEndpoint(read),
  };
  if (issues.length > 0) throw new ConfigError(issues);
  return config;
}

const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'];

function logLevel(read: Reader): string {
  const raw = read.env.LOG_LEVEL;
  if (!raw) return 'info';
  if (LOG_LEVELS.includes(raw)) return raw;
  read.problem(
    'LOG_LEVEL',
    `须为 ${LOG_LEVELS.join('、')} 之一，而不是 "${raw}" / LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, not "${raw}"`,
  );
  return 'info';
}

function otlpEndpoint(read: Reader): string | undefined {
  const raw = read.env.OTEL_EXPORTER_OTLP_ENDPOINT;
  if (!raw) return undefined;
  let protocol: string | undefined;
  try {
    protocol = new URL(raw).protocol;
  } catch {
    protocol = undefined;
  }
  if (protocol === 'http:' || protocol === 'https:') return raw;
  read.problem(
    'OTEL_EXPORTER_OTLP_ENDPOINT',
    `须为 http(s) 地址，如 http://127.0.0.1:4318，而不是 "${raw}" / OTEL_EXPORTER_OTLP_ENDPOINT must be an http(s) URL like http://127.0.0.1:4318, not "${raw}"`,
  );
  return undefined;
}

function trustProxyOf(read: Reader): number | string | false {
  try {
    return trustProxy(read.env.TRUST_PROXY);
  } catch (error) {
    read.problem('TRUST_PROXY', (error as Error).message);
    return false;
  }
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
    throw new ConfigError(
      `须为跳数或以逗号分隔的地址/CIDR，而不是 ${JSON.stringify(bad)} / TRUST_PROXY must be a hop count or comma-separated addresses/CIDRs, not ${JSON.stringify(bad)}`,
    );
  return entries.join(',');
}

/** The environment being read and where its problems are collected. */
interface Reader {
  env: NodeJS.ProcessEnv;
  problem(variable: string, problem: string): void;
}

/** Where evidence goes and how large a file may be (ATTACHMENT_MAX_MB, S3_ENDPOINT, S3_BUCKET, S3_REGION, S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY). */
export function attachmentSettings(env: NodeJS.ProcessEnv = process.env): AttachmentSettings {
  const issues: ConfigIssue[] = [];
  const settings = attachmentsOf({ env, problem: (variable, problem) => void issues.push({ variable, problem }) });
  if (issues.length > 0) throw new ConfigError(issues);
  return settings;
}

function attachmentsOf(read: Reader): AttachmentSettings {
  const { env } = read;
  const maxBytes = positive(read, 'ATTACHMENT_MAX_MB', 20) * 1024 * 1024;
  if (!env.S3_ENDPOINT) return { maxBytes };
  if (!URL.canParse(env.S3_ENDPOINT) || !/^https?:$/.test(new URL(env.S3_ENDPOINT).protocol))
    read.problem(
      'S3_ENDPOINT',
      `须为 http(s) 地址，而不是 "${env.S3_ENDPOINT}" / S3_ENDPOINT must be an http(s) URL, not "${env.S3_ENDPOINT}"`,
    );
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

function totpKeyFrom(read: Reader, text: string): Buffer | undefined {
  const key = Buffer.from(text, 'base64');
  if (key.length === 32) return key;
  read.problem(
    'TOTP_KEY',
    `须为 32 字节的 base64（openssl rand -base64 32），现为 ${key.length} 字节 / TOTP_KEY must be 32 bytes in base64 (openssl rand -base64 32), not ${key.length} bytes`,
  );
  return undefined;
}

/**
 * The key TOTP secrets are sealed with: TOTP_KEY, or in demo mode `DATA_DIR/totp.key`, made at
 * the first start (the secrets of a demo stay readable across restarts, as its database does).
 */
export function totpKeyOf(config: Pick<LedgerConfig, 'mode' | 'dataDir' | 'totpKey'>): Buffer {
  if (config.totpKey) return config.totpKey;
  if (config.mode !== 'demo')
    throw new ConfigError([{ variable: 'TOTP_KEY', problem: '生产模式必须设置 / TOTP_KEY is required in production mode' }]);
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
  const key = Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
  if (key.length !== 32)
    throw new ConfigError([{ variable: 'TOTP_KEY', problem: `${file} 不是 32 字节的密钥 / ${file} does not hold a 32-byte key` }]);
  return key;
}

function parseMode(read: Reader): Mode {
  const value = read.env.LEDGER_MODE ?? 'production';
  if (value === 'demo' || value === 'production') return value;
  read.problem('LEDGER_MODE', `须为 demo 或 production，而不是 "${value}" / LEDGER_MODE must be demo or production, not "${value}"`);
  return 'production';
}

function port(read: Reader, name: string, fallback: number): number {
  const raw = read.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (Number.isInteger(value) && value >= 0 && value <= 65535) return value;
  read.problem(name, `须为 TCP 端口（0–65535），而不是 "${raw}" / ${name} must be a TCP port, not "${raw}"`);
  return fallback;
}

function positive(read: Reader, name: string, fallback: number): number {
  const raw = read.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (Number.isInteger(value) && value >= 1) return value;
  read.problem(name, `须为正整数，而不是 "${raw}" / ${name} must be a positive integer, not "${raw}"`);
  return fallback;
}

function nonEmpty(read: Reader, name: string, fallback: string): string {
  const raw = read.env[name];
  if (raw === undefined) return fallback;
  if (raw.trim() !== '') return raw;
  read.problem(name, `设置了但为空；不设置则用 "${fallback}" / ${name} is set but empty; leave it unset for "${fallback}"`);
  return fallback;
}

function onOff(read: Reader, name: string, fallback: boolean): boolean {
  const raw = read.env[name];
  if (raw === undefined || raw === '') return fallback;
  if (raw === 'on' || raw === 'off') return raw === 'on';
  read.problem(name, `须为 on 或 off，而不是 "${raw}" / ${name} must be on or off, not "${raw}"`);
  return fallback;
}

function postgresUrl(read: Reader, name: string): string | undefined {
  const raw = read.env[name];
  if (!raw) return undefined;
  // Not echoed: the URL holds a password.
  if (!URL.canParse(raw) || !/^postgres(ql)?:$/.test(new URL(raw).protocol))
    read.problem(
      name,
      `须为 postgres://用户:密码@主机:端口/库 形式的地址 / ${name} must be a URL like postgres://user:password@host:5432/ledger`,
    );
  return raw;
}

function hostAndPort(read: Reader, name: string): string | undefined {
  const raw = read.env[name];
  if (!raw) return undefined;
  const match = /^(?:\[[0-9a-f:]+\]|[A-Za-z0-9.-]+):(\d{1,5})$/i.exec(raw);
  if (!match || Number(match[1]) > 65535)
    read.problem(
      name,
      `须为 主机:端口（如 temporal:7233），而不是 "${raw}" / ${name} must be host:port (e.g. temporal:7233), not "${raw}"`,
    );
  return raw;
}

function origins(read: Reader): string[] {
  const list = (read.env.CORS_ORIGINS ?? '')
    .split(',')
    .map((origin) => origin.trim())
    .filter(Boolean);
  for (const origin of list) {
    if (!URL.canParse(origin)) {
      read.problem(
        'CORS_ORIGINS',
        `"${origin}" 不是来源地址（如 https://ledger.example.gov.cn）/ CORS_ORIGINS holds "${origin}", which is not an origin like https://ledger.example.gov.cn`,
      );
      continue;
    }
    const { origin: bare } = new URL(origin);
    if (bare !== origin)
      read.problem('CORS_ORIGINS', `"${origin}" 只需写来源：${bare} / CORS_ORIGINS holds "${origin}"; write the origin alone: ${bare}`);
  }
  return list;
}
