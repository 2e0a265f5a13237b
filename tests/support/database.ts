import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

export function testServerUrl(): string {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) throw new Error('TEST_DATABASE_URL is not set: run integration tests through jest (tests/support/global-setup.ts)');
  return url;
}

/** A fresh, empty database on the test server, so each suite starts from nothing. */
export async function createTestDatabase(prefix: string): Promise<string> {
  const name = `${prefix.replace(/[^a-z0-9_]/g, '_')}_${randomBytes(4).toString('hex')}`;
  const admin = new Client({ connectionString: testServerUrl() });
  await admin.connect();
  try {
    await admin.query(`create database "${name}"`);
  } finally {
    await admin.end();
  }
  const url = new URL(testServerUrl());
  url.pathname = `/${name}`;
  return url.toString();
}

/** The login role the test system's services use: only a member of ledger_app, as in production. */
export const TEST_SERVICE_LOGIN = 'ledger_service_test';

/** `ownerUrl` with the services' login role instead of the owner (openStorage creates the role). */
export function serviceUrlOf(ownerUrl: string): string {
  const url = new URL(ownerUrl);
  url.username = TEST_SERVICE_LOGIN;
  url.password = 'ledger-service-test';
  return url.toString();
}
