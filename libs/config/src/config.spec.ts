import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig, loadServiceConfig, totpKeyOf, trustProxy } from './config';

const production = { LEDGER_MODE: 'production', JWT_SECRET: 'x'.repeat(32) };

describe('the TOTP key', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'ledger-config-'));
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('is required in production mode and must be 32 bytes', () => {
    expect(() => loadConfig(production)).toThrow(/TOTP_KEY .* is required in production mode/);
    expect(() => loadConfig({ ...production, TOTP_KEY: randomBytes(16).toString('base64') })).toThrow(ConfigError);
    const key = randomBytes(32);
    const config = loadConfig({ ...production, TOTP_KEY: key.toString('base64') });
    expect(config.totpKey).toEqual(key);
    expect(totpKeyOf(config)).toEqual(key);
  });

  it('in demo mode without TOTP_KEY is kept in the data folder, readable by the owner only, the same at every start', () => {
    const config = loadConfig({ LEDGER_MODE: 'demo', DATA_DIR: dataDir });
    expect(config.totpKey).toBeUndefined();
    const first = totpKeyOf(config);
    expect(first).toHaveLength(32);
    expect(totpKeyOf(loadConfig({ LEDGER_MODE: 'demo', DATA_DIR: dataDir }))).toEqual(first);
    const file = join(dataDir, 'totp.key');
    expect(Buffer.from(readFileSync(file, 'utf8'), 'base64')).toEqual(first);
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('is never made up outside demo mode', () => {
    expect(() => totpKeyOf({ mode: 'production', dataDir, totpKey: undefined })).toThrow(ConfigError);
  });
});

describe('evidence settings', () => {
  it('allow 20 MB per file by default, ATTACHMENT_MAX_MB otherwise, and keep the bytes in PostgreSQL unless S3_ENDPOINT is set', () => {
    expect(loadConfig({ LEDGER_MODE: 'demo' }).attachments).toEqual({ maxBytes: 20 * 1024 * 1024 });
    expect(loadConfig({ LEDGER_MODE: 'demo', ATTACHMENT_MAX_MB: '5' }).attachments.maxBytes).toBe(5 * 1024 * 1024);
    expect(() => loadConfig({ LEDGER_MODE: 'demo', ATTACHMENT_MAX_MB: '0' })).toThrow(/ATTACHMENT_MAX_MB must be a positive integer/);
    expect(loadConfig({ LEDGER_MODE: 'demo', S3_ENDPOINT: 'http://127.0.0.1:9000' }).attachments.s3).toEqual({
      endpoint: 'http://127.0.0.1:9000',
      bucket: 'ledger-attachments',
      region: 'us-east-1',
      accessKeyId: undefined,
      secretAccessKey: undefined,
    });
  });
});

describe('the address the standalone API listens on', () => {
  it('is the loopback unless HOST says otherwise', () => {
    expect(loadConfig({ LEDGER_MODE: 'demo' }).host).toBe('127.0.0.1');
    expect(loadConfig({ LEDGER_MODE: 'demo', HOST: '' }).host).toBe('127.0.0.1');
    expect(loadConfig({ LEDGER_MODE: 'demo', HOST: '0.0.0.0' }).host).toBe('0.0.0.0');
  });
});

describe('observability settings', () => {
  const demo = { LEDGER_MODE: 'demo' };

  it('are off unless named: no metrics port, no collector, info logs', () => {
    const config = loadConfig(demo);
    expect(config.metrics).toBeUndefined();
    expect(config.temporalMetricsPort).toBeUndefined();
    expect(config.otlpEndpoint).toBeUndefined();
    expect(config.logLevel).toBe('info');
  });

  it('bind metrics to the loopback unless METRICS_HOST says otherwise', () => {
    expect(loadConfig({ ...demo, METRICS_PORT: '9464' }).metrics).toEqual({ host: '127.0.0.1', port: 9464 });
    expect(loadConfig({ ...demo, METRICS_PORT: '9464', METRICS_HOST: '0.0.0.0' }).metrics).toEqual({ host: '0.0.0.0', port: 9464 });
    expect(loadConfig({ ...demo, TEMPORAL_METRICS_PORT: '9465' }).temporalMetricsPort).toBe(9465);
  });

  it('refuse what is not a port, a level or an http(s) URL, naming the variable', () => {
    expect(() => loadConfig({ ...demo, METRICS_PORT: 'nine' })).toThrow(/METRICS_PORT/);
    expect(() => loadConfig({ ...demo, TEMPORAL_METRICS_PORT: '70000' })).toThrow(/TEMPORAL_METRICS_PORT/);
    expect(() => loadConfig({ ...demo, LOG_LEVEL: 'loud' })).toThrow(/LOG_LEVEL/);
    expect(() => loadConfig({ ...demo, OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318' })).toThrow(/OTEL_EXPORTER_OTLP_ENDPOINT/);
    expect(loadConfig({ ...demo, OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318' }).otlpEndpoint).toBe('http://127.0.0.1:4318');
  });
});

describe('TRUST_PROXY', () => {
  it('is off unless set, a hop count as a number, addresses and CIDRs as Express takes them', () => {
    expect(trustProxy(undefined)).toBe(false);
    expect(trustProxy('')).toBe(false);
    expect(trustProxy('0')).toBe(false);
    expect(trustProxy('2')).toBe(2);
    expect(trustProxy(' 10.0.0.0/8, 192.168.1.5 ,loopback')).toBe('10.0.0.0/8,192.168.1.5,loopback');
    expect(trustProxy('fd00::/8')).toBe('fd00::/8');
  });

  it('refuses anything else, naming the setting', () => {
    expect(() => trustProxy('yes please')).toThrow(ConfigError);
    expect(() => trustProxy('10.0.0.0/8; rm -rf')).toThrow(/TRUST_PROXY/);
  });
});

describe('validation', () => {
  const problemsOf = (run: () => unknown) => {
    try {
      run();
    } catch (error) {
      if (error instanceof ConfigError) return error.issues.map((issue) => issue.variable);
      throw error;
    }
    return [];
  };

  it('reports every bad variable at once, by name, in Chinese and English', () => {
    const env = { LEDGER_MODE: 'demo', PORT: 'http', RATE_LIMIT_PER_MINUTE: '-3', SUPERVISION: 'maybe', TEMPORAL_ADDRESS: 'temporal' };
    expect(problemsOf(() => loadConfig(env))).toEqual(['PORT', 'TEMPORAL_ADDRESS', 'SUPERVISION', 'RATE_LIMIT_PER_MINUTE']);
    expect(() => loadConfig(env)).toThrow(/配置有误（4 处）/);
    expect(() => loadConfig(env)).toThrow(/PORT: 须为 TCP 端口（0–65535），而不是 "http" \/ PORT must be a TCP port/);
  });

  it('in production names every missing secret together', () => {
    expect(problemsOf(() => loadConfig({ LEDGER_MODE: 'production', DEMO_PASSWORD: 'x' }))).toEqual([
      'DEMO_PASSWORD',
      'JWT_SECRET',
      'TOTP_KEY',
    ]);
  });

  it('asks each service for what it cannot start without, along with the other problems', () => {
    expect(problemsOf(() => loadServiceConfig('api', { LEDGER_MODE: 'demo', PORT: '70000' }))).toEqual([
      'DATABASE_URL',
      'TEMPORAL_ADDRESS',
      'PORT',
    ]);
    expect(problemsOf(() => loadServiceConfig('projector', { LEDGER_MODE: 'demo' }))).toEqual(['DATABASE_URL']);
    expect(problemsOf(() => loadServiceConfig('launcher', { LEDGER_MODE: 'demo' }))).toEqual([]);
  });

  it('refuses a database address that is not a PostgreSQL URL, without echoing its password', () => {
    expect(() => loadConfig({ LEDGER_MODE: 'demo', DATABASE_URL: 'mysql://u:secret@db/ledger' })).toThrow(/DATABASE_URL: 须为 postgres:/);
    expect(() => loadConfig({ LEDGER_MODE: 'demo', DATABASE_URL: 'mysql://u:secret@db/ledger' })).not.toThrow(/secret/);
    expect(loadConfig({ LEDGER_MODE: 'demo', DATABASE_URL: 'postgres://u:p@db:5432/ledger' }).databaseUrl).toBe(
      'postgres://u:p@db:5432/ledger',
    );
  });

  it('has defaults for readiness and shutdown, and takes positive whole seconds', () => {
    expect(loadConfig({ LEDGER_MODE: 'demo' })).toMatchObject({ readiness: { maxProjectorLagSeconds: 30 }, shutdownGraceSeconds: 25 });
    expect(loadConfig({ LEDGER_MODE: 'demo', SHUTDOWN_GRACE_SECONDS: '5' }).shutdownGraceSeconds).toBe(5);
    expect(
      problemsOf(() => loadConfig({ LEDGER_MODE: 'demo', READY_MAX_PROJECTOR_LAG_SECONDS: '1.5', SHUTDOWN_GRACE_SECONDS: '0' })),
    ).toEqual(['READY_MAX_PROJECTOR_LAG_SECONDS', 'SHUTDOWN_GRACE_SECONDS']);
  });

  it('takes host:port for Temporal and on/off for supervision', () => {
    expect(loadConfig({ LEDGER_MODE: 'demo', TEMPORAL_ADDRESS: 'temporal:7233', SUPERVISION: 'off' })).toMatchObject({
      temporalAddress: 'temporal:7233',
      supervision: false,
    });
    expect(loadConfig({ LEDGER_MODE: 'demo', TEMPORAL_ADDRESS: '[::1]:7233' }).temporalAddress).toBe('[::1]:7233');
  });
});
