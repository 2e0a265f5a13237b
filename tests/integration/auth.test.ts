import { request as httpRequest } from 'node:http';
import { JwtService } from '@nestjs/jwt';
import { createApi } from '../../apps/api/src/api';
import { currentCode } from '../../apps/api/src/auth/totp';
import { LedgerRuntime } from '../../apps/api/src/runtime';
import { isSealedTotpSecret, openTotpSecret } from '@ledger/accounts';
import { eventually, startTestSystem, type TestSystem } from '../support/system';

const STRONG = 'Ledger-Strong-Pass-2025!';

/** A sign-in from another client address: the API listens on 127.0.0.1, any 127.x address reaches it. */
function loginFrom(url: string, address: string, username: string, password: string): Promise<{ status: number; body: any }> {
  const { hostname, port } = new URL(url);
  const payload = JSON.stringify({ username, password });
  return new Promise((resolve, reject) => {
    const sent = httpRequest(
      {
        host: hostname,
        port,
        path: '/api/auth/login',
        method: 'POST',
        localAddress: address,
        headers: { 'content-type': 'application/json' },
      },
      (response) => {
        let text = '';
        response.on('data', (chunk) => (text += chunk));
        response.on('end', () => resolve({ status: response.statusCode!, body: text ? JSON.parse(text) : undefined }));
      },
    );
    sent.on('error', reject);
    sent.end(payload);
  });
}

describe('authentication: passwords, tokens, refresh, logout, lockout, second factor', () => {
  let system: TestSystem;
  let admin: string;

  const createAccount = async (body: Record<string, unknown>) =>
    system.call('POST', '/api/admin/accounts', admin, { displayName: '测试人员', ...body });
  const login = (username: string, password: string) => system.call('POST', '/api/auth/login', undefined, { username, password });

  beforeAll(async () => {
    system = await startTestSystem('auth');
    admin = await system.login('admin');
  });
  afterAll(() => system?.stop());

  it('signs in with a session: a short-lived access token and a refresh token', async () => {
    const answer = await login('edu', system.config.demoPassword!);
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ tokenType: 'Bearer', expiresIn: 900, user: { username: 'edu', role: 'submitter', unitId: 'edu' } });
    const claims = new JwtService().decode(answer.body.accessToken);
    expect(claims).toMatchObject({ iss: 'minsheng-ledger', aud: 'minsheng-ledger-api', jti: expect.any(String) });
    expect(claims.exp - claims.iat).toBe(900);
    expect((await system.call('GET', '/api/auth/me', answer.body.accessToken)).body).toMatchObject({
      username: 'edu',
      displayName: expect.any(String),
    });
  });

  it('refuses tokens that are forged, expired, of another issuer or audience, or unsigned (alg: none)', async () => {
    const good = await system.login('edu');
    const [header, payload] = good.split('.');
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString());
    const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const secret = new JwtService({ secret: system.config.jwtSecret });
    const now = Math.floor(Date.now() / 1000);
    const tokens = {
      unsigned: `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ ...claims, role: 'admin' })}.`,
      forgedSignature: `${header}.${b64({ ...claims, role: 'admin' })}.${good.split('.')[2]}`,
      otherSecret: await new JwtService({ secret: 'x'.repeat(40) }).signAsync({ ...claims }),
      expired: await secret.signAsync({ ...claims, iat: now - 3600, exp: now - 60 }),
      otherIssuer: await secret.signAsync({ ...claims, iss: 'someone-else' }),
      otherAudience: await secret.signAsync({ ...claims, aud: 'another-api' }),
      hs512: await secret.signAsync({ ...claims }, { algorithm: 'HS512' }),
    };
    for (const [name, token] of Object.entries(tokens)) {
      const answer = await system.call('GET', '/api/tasks', token);
      expect({ name, status: answer.status }).toEqual({ name, status: 401 });
      expect(answer.body).toMatchObject({ type: 'about:blank', status: 401, title: expect.stringContaining('未登录') });
    }
    expect((await system.call('GET', '/api/tasks', good)).status).toBe(200);
  });

  it('rotates refresh tokens and, when a spent one comes back, ends the whole family', async () => {
    const first = (await login('edu', system.config.demoPassword!)).body;
    const second = await system.call('POST', '/api/auth/refresh', undefined, { refreshToken: first.refreshToken });
    expect(second.status).toBe(200);
    expect(second.body.refreshToken).not.toBe(first.refreshToken);
    expect((await system.call('GET', '/api/tasks', second.body.accessToken)).status).toBe(200);

    const replay = await system.call('POST', '/api/auth/refresh', undefined, { refreshToken: first.refreshToken });
    expect(replay.status).toBe(401);
    // The thief's replay also revoked the legitimate successor, and every access token of the session.
    expect((await system.call('POST', '/api/auth/refresh', undefined, { refreshToken: second.body.refreshToken })).status).toBe(401);
    expect((await system.call('GET', '/api/tasks', second.body.accessToken)).status).toBe(401);
    expect((await system.call('GET', '/api/tasks', first.accessToken)).status).toBe(401);
    const stored = await system.storage.pool.query(`select token_hash from refresh_tokens limit 1`);
    expect(stored.rows[0].token_hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('logs out: the access token is refused until it expires, and the refresh token is revoked', async () => {
    const session = (await login('coordinator', system.config.demoPassword!)).body;
    const logout = await system.call('POST', '/api/auth/logout', session.accessToken, { refreshToken: session.refreshToken });
    expect(logout.status).toBe(204);
    expect((await system.call('GET', '/api/tasks', session.accessToken)).status).toBe(401);
    expect((await system.call('POST', '/api/auth/refresh', undefined, { refreshToken: session.refreshToken })).status).toBe(401);
  });

  it('logs out by session: without the refresh token in the body, the session still ends, other sessions do not', async () => {
    const session = (await login('coordinator', system.config.demoPassword!)).body;
    const other = (await login('coordinator', system.config.demoPassword!)).body;
    const rotated = (await system.call('POST', '/api/auth/refresh', undefined, { refreshToken: session.refreshToken })).body;
    expect((await system.call('POST', '/api/auth/logout', session.accessToken, {})).status).toBe(204);
    // The refresh token of the session, and an access token issued for it by a refresh, are spent with it.
    expect((await system.call('POST', '/api/auth/refresh', undefined, { refreshToken: rotated.refreshToken })).status).toBe(401);
    expect((await system.call('GET', '/api/tasks', rotated.accessToken)).status).toBe(401);
    // Another sign-in of the same account is another session.
    expect((await system.call('GET', '/api/tasks', other.accessToken)).status).toBe(200);
    expect((await system.call('POST', '/api/auth/refresh', undefined, { refreshToken: other.refreshToken })).status).toBe(200);
  });

  it('refuses short and common passwords, names the field, and accepts a strong one', async () => {
    for (const password of ['short-pw', 'password1234', 'qwertyuiop123', 'aaaaaaaaaaaaaaa', 'zhangsan-ledger-1']) {
      const answer = await createAccount({ username: 'zhangsan', password, role: 'coordinator' });
      expect({ password, status: answer.status }).toEqual({ password, status: 400 });
      expect(answer.body.errors).toContainEqual(expect.objectContaining({ field: 'password' }));
    }
    const created = await createAccount({ username: 'zhangsan', password: STRONG, role: 'coordinator', phone: '13812345678' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ username: 'zhangsan', role: 'coordinator', disabled: false, totpEnabled: false });
    expect((await login('zhangsan', STRONG)).status).toBe(200);
    const stored = await system.storage.pool.query(`select password_hash from accounts where username = 'zhangsan'`);
    expect(stored.rows[0].password_hash).toMatch(/^\$argon2id\$/);
    expect((await createAccount({ username: 'zhangsan', password: STRONG, role: 'coordinator' })).status).toBe(409);
    expect((await createAccount({ username: 'nounit', password: STRONG, role: 'submitter' })).body.errors).toContainEqual(
      expect.objectContaining({ field: 'unitId' }),
    );
  });

  it('backs off after repeated failures with a lock that ends by itself', async () => {
    await createAccount({ username: 'lisi', password: STRONG, role: 'coordinator' });
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await login('lisi', 'wrong password here')).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401]);
    const locked = await system.request('POST', '/api/auth/login', { body: { username: 'lisi', password: STRONG } });
    expect(locked.status).toBe(429);
    const retryAfter = Number(locked.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(15 * 60);
    // Another account from the same address is not locked out by it.
    expect((await login('office', system.config.demoPassword!)).status).toBe(200);
    // When the lock's time has passed (moved here, not waited for), the right password works again.
    await system.storage.pool.query(
      `update sign_in_failures set locked_until = now() - interval '1 second' where key = 'account:lisi' or key like 'pair:lisi|%'`,
    );
    expect((await login('lisi', STRONG)).status).toBe(200);
  });

  it('lets the owner in from an address of their own while someone else fails the password, until an admin unlocks', async () => {
    const created = await createAccount({ username: 'lockme', password: STRONG, role: 'coordinator' });
    const attacker = '127.0.0.11';
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await loginFrom(system.url, attacker, 'lockme', 'wrong password here')).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401]);
    // The account backs off: the failing address is refused even with the right password …
    expect((await loginFrom(system.url, attacker, 'lockme', STRONG)).status).toBe(429);
    // … and another address that guesses wrong is refused as well, and then with the right one too,
    expect((await loginFrom(system.url, '127.0.0.12', 'lockme', 'another wrong guess')).status).toBe(429);
    expect((await loginFrom(system.url, '127.0.0.12', 'lockme', STRONG)).status).toBe(429);
    // … but the owner's right password from an address with no recent failure goes through.
    expect((await loginFrom(system.url, '127.0.0.13', 'lockme', STRONG)).status).toBe(200);

    // Only an admin ends the back-off early, and it is a security event.
    const coordinator = await system.login('coordinator');
    expect((await system.call('POST', `/api/admin/accounts/${created.body.id}/unlock`, coordinator, {})).status).toBe(403);
    const unlocked = await system.call('POST', `/api/admin/accounts/${created.body.id}/unlock`, admin, {});
    expect(unlocked).toEqual({ status: 200, body: { id: created.body.id, unlocked: true } });
    expect((await loginFrom(system.url, attacker, 'lockme', STRONG)).status).toBe(200);
    const events = await system.storage.pool.query(`select actor_id, detail from security_events where kind = 'account_unlocked'`);
    const adminId = (await system.call('GET', '/api/auth/me', admin)).body.id;
    expect(events.rows).toContainEqual({ actor_id: adminId, detail: expect.objectContaining({ accountId: created.body.id }) });
    expect((await system.call('POST', `/api/admin/accounts/${created.body.id}/unlock`, admin, {})).body.unlocked).toBe(false);
  });

  it('backs off wrong one-time codes at the second step without locking the password step', async () => {
    await createAccount({ username: 'codes', password: STRONG, role: 'office' });
    const session = (await login('codes', STRONG)).body;
    const secret = (await system.call('POST', '/api/auth/totp/enroll', session.accessToken, {})).body.secret as string;
    expect((await system.call('POST', '/api/auth/totp/confirm', session.accessToken, { code: currentCode(secret) })).status).toBe(200);
    const wrong = String((Number(currentCode(secret, Date.now() / 1000 + 300)) + 1) % 1_000_000).padStart(6, '0');
    const challenge = (await loginFrom(system.url, '127.0.0.21', 'codes', STRONG)).body.challenge;
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await system.call('POST', '/api/auth/totp', undefined, { challenge, code: wrong })).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
    // The password step is not locked by them: a sign-in still gets its challenge.
    const again = await loginFrom(system.url, '127.0.0.22', 'codes', STRONG);
    expect(again).toMatchObject({ status: 200, body: { totpRequired: true } });
  });

  it('replaces an enrolled second factor only with a current code of it or the password, as a security event', async () => {
    await createAccount({ username: 'factor', password: STRONG, role: 'office' });
    const token = (await login('factor', STRONG)).body.accessToken; // demo mode: no second factor yet
    const first = (await system.call('POST', '/api/auth/totp/enroll', token, {})).body.secret as string;
    expect((await system.call('POST', '/api/auth/totp/confirm', token, { code: currentCode(first) })).status).toBe(200);

    // The access token alone (a stolen one, say) cannot start a new enrolment.
    const bare = await system.call('POST', '/api/auth/totp/enroll', token, {});
    expect(bare.status).toBe(401);
    expect(bare.body.errors).toContainEqual(expect.objectContaining({ field: 'code' }));
    expect((await system.call('POST', '/api/auth/totp/enroll', token, { password: 'not the password at all' })).status).toBe(401);
    expect((await system.call('POST', '/api/auth/totp/enroll', token, { code: 'abcdef' })).status).toBe(400);

    // A current code of the enrolled factor will do (the next step's: the one of now confirmed it) …
    const byCode = await system.call('POST', '/api/auth/totp/enroll', token, { code: currentCode(first, Date.now() / 1000 + 30) });
    expect(byCode.status).toBe(200);
    // … and so will the password; the last enrolment started is the one pending.
    const byPassword = await system.call('POST', '/api/auth/totp/enroll', token, { password: STRONG });
    expect(byPassword.status).toBe(200);
    const second = byPassword.body.secret as string;
    // A code is good once per account and time step: forget the steps spent instead of waiting for the next.
    await system.storage.pool.query(`update accounts set totp_last_step = null where username = 'factor'`);
    expect((await system.call('POST', '/api/auth/totp/confirm', token, { code: currentCode(second) })).status).toBe(200);
    const signIn = (await login('factor', STRONG)).body;
    expect(signIn).toMatchObject({ totpRequired: true });
    const next = currentCode(second, Date.now() / 1000 + 30);
    expect((await system.call('POST', '/api/auth/totp', undefined, { challenge: signIn.challenge, code: next })).status).toBe(200);

    const id = (await system.call('GET', '/api/auth/me', token)).body.id;
    const events = await system.storage.pool.query(`select kind, detail from security_events where actor_id = $1 order by id`, [id]);
    expect(events.rows.map((row) => row.kind)).toEqual(
      expect.arrayContaining(['totp_enrolled', 'totp_failed', 'totp_reenrolment_started', 'totp_replaced']),
    );
    expect(events.rows.filter((row) => row.kind === 'totp_reenrolment_started').map((row) => row.detail.proof)).toEqual([
      'code',
      'password',
    ]);
  });

  it('shows a reader the directory entries their work needs, and answers the rest like unknown ids', async () => {
    const accounts = (await system.call('GET', '/api/admin/accounts', admin)).body as {
      id: string;
      username: string;
      role: string;
      unitId: string | null;
    }[];
    const idOf = (username: string) => accounts.find((account) => account.username === username)!.id;
    const otherUnit = accounts.find((account) => account.role === 'submitter' && account.unitId && account.unitId !== 'edu')!.id;
    const readers = {
      edu: await system.login('edu'),
      coordinator: await system.login('coordinator'),
      auditor: await system.login('auditor'),
    };
    const status = async (reader: keyof typeof readers, id: string) =>
      (await system.call('GET', `/api/accounts/${id}`, readers[reader])).status;
    // A unit: its own accounts and the task force's staff.
    expect(await status('edu', idOf('edu'))).toBe(200);
    expect(await status('edu', idOf('coordinator'))).toBe(200);
    expect(await status('edu', idOf('office'))).toBe(200);
    expect(await status('edu', otherUnit)).toBe(404);
    expect(await status('edu', idOf('admin'))).toBe(404);
    expect(await status('edu', idOf('auditor'))).toBe(404);
    // The staff: every unit's accounts and each other, not the admins and auditors.
    expect(await status('coordinator', otherUnit)).toBe(200);
    expect(await status('coordinator', idOf('office'))).toBe(200);
    expect(await status('coordinator', idOf('admin'))).toBe(404);
    // Auditors read everyone.
    expect(await status('auditor', idOf('admin'))).toBe(200);
    // Out of scope and unknown look the same.
    const hidden = await system.call('GET', `/api/accounts/${otherUnit}`, readers.edu);
    const unknown = await system.call('GET', '/api/accounts/00000000-0000-4000-8000-000000000000', readers.edu);
    expect(Object.keys(hidden.body).sort()).toEqual(Object.keys(unknown.body).sort());
    expect(hidden.body.title).toBe(unknown.body.title);
  });

  it('enrols a second factor, then asks for it at every sign-in, and takes each code once', async () => {
    await createAccount({ username: 'wangwu', password: STRONG, role: 'office' });
    const session = (await login('wangwu', STRONG)).body; // demo mode: no second factor required yet
    const enrolment = await system.call('POST', '/api/auth/totp/enroll', session.accessToken, {});
    expect(enrolment.status).toBe(200);
    expect(enrolment.body.otpauthUrl).toMatch(/^otpauth:\/\/totp\/.*wangwu.*secret=/);
    const secret: string = enrolment.body.secret;
    expect((await system.call('POST', '/api/auth/totp/confirm', session.accessToken, { code: '000000' })).status).toBe(401);
    // The codes are taken at one moment: read again later, the clock may have crossed into the next 30 s step.
    const confirmedAt = Date.now() / 1000;
    const confirmCode = currentCode(secret, confirmedAt);
    const confirmed = await system.call('POST', '/api/auth/totp/confirm', session.accessToken, { code: confirmCode });
    expect(confirmed).toEqual({ status: 200, body: { totpEnabled: true } });
    // At rest the secret is sealed with the TOTP key and bound to its account.
    const stored = (await system.storage.pool.query(`select id, totp_secret from accounts where username = 'wangwu'`)).rows[0];
    expect(stored.totp_secret).not.toContain(secret);
    expect(isSealedTotpSecret(stored.totp_secret)).toBe(true);
    expect(openTotpSecret(system.config.totpKey!, stored.id, stored.totp_secret)).toBe(secret);

    const first = await login('wangwu', STRONG);
    expect(first.body).toEqual({ totpRequired: true, enrolmentRequired: false, challenge: expect.any(String) });
    expect((await system.call('GET', '/api/tasks', first.body.challenge)).status).toBe(401); // a challenge is no access token
    expect((await system.call('POST', '/api/auth/totp', undefined, { challenge: first.body.challenge, code: 'abcdef' })).status).toBe(400);
    // The code used for confirming is spent; the next step's code (within the drift window) is good.
    expect((await system.call('POST', '/api/auth/totp', undefined, { challenge: first.body.challenge, code: confirmCode })).status).toBe(
      401,
    );
    const next = currentCode(secret, confirmedAt + 30);
    const signedIn = await system.call('POST', '/api/auth/totp', undefined, { challenge: first.body.challenge, code: next });
    expect(signedIn.status).toBe(200);
    expect(signedIn.body).toMatchObject({
      accessToken: expect.any(String),
      refreshToken: expect.any(String),
      user: { username: 'wangwu' },
    });
    // The challenge is good once.
    expect((await system.call('POST', '/api/auth/totp', undefined, { challenge: first.body.challenge, code: next })).status).toBe(401);
  });

  it('seals, when the API starts, a TOTP secret stored in plain text before secrets were sealed', async () => {
    await createAccount({ username: 'qianba', password: STRONG, role: 'coordinator' });
    const secret = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
    await system.storage.pool.query(`update accounts set totp_secret = $1 where username = 'qianba'`, [secret]);
    const restarted = await createApi(
      new LedgerRuntime(
        system.config,
        system.storage.pool,
        system.storage.dataSource,
        system.storage.store,
        system.services.temporal,
        system.storage.attachments,
      ),
    );
    try {
      await restarted.init();
      const stored = (await system.storage.pool.query(`select id, totp_secret from accounts where username = 'qianba'`)).rows[0];
      expect(isSealedTotpSecret(stored.totp_secret)).toBe(true);
      expect(openTotpSecret(system.config.totpKey!, stored.id, stored.totp_secret)).toBe(secret);
      // Its owner signs in with codes from the same secret as before.
      const first = await login('qianba', STRONG);
      expect(first.body).toMatchObject({ totpRequired: true, enrolmentRequired: false });
      const signedIn = await system.call('POST', '/api/auth/totp', undefined, {
        challenge: first.body.challenge,
        code: currentCode(secret),
      });
      expect(signedIn.status).toBe(200);
    } finally {
      await restarted.close();
    }
  });

  it('requires a second factor of office and admin accounts outside demo mode, enrolled at the first sign-in', async () => {
    await system.anotherApi({ mode: 'production' }, async (production) => {
      const post = async (path: string, body: unknown) => {
        const response = await fetch(`${production}${path}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });
        return { status: response.status, body: (await response.json()) as any };
      };
      await createAccount({ username: 'zhaoliu', password: STRONG, role: 'admin' });
      const first = await post('/api/auth/login', { username: 'zhaoliu', password: STRONG });
      expect(first.body).toEqual({ totpRequired: true, enrolmentRequired: true, challenge: expect.any(String) });
      const enrolment = await post('/api/auth/totp/enroll', { challenge: first.body.challenge });
      expect(enrolment.status).toBe(200);
      const session = await post('/api/auth/totp/confirm', { challenge: first.body.challenge, code: currentCode(enrolment.body.secret) });
      expect(session.status).toBe(200);
      expect(session.body.user).toMatchObject({ username: 'zhaoliu', role: 'admin' });
      // Enrolled: a challenge cannot enrol again (no replacing the factor with a password alone).
      const again = await post('/api/auth/login', { username: 'zhaoliu', password: STRONG });
      expect(again.body).toMatchObject({ totpRequired: true, enrolmentRequired: false });
      expect((await post('/api/auth/totp/enroll', { challenge: again.body.challenge })).status).toBe(409);
      // A coordinator needs no second factor.
      await createAccount({ username: 'sunqi', password: STRONG, role: 'coordinator' });
      expect((await post('/api/auth/login', { username: 'sunqi', password: STRONG })).body).toMatchObject({
        accessToken: expect.any(String),
      });
    });
  });

  it('disables an account: its tokens stop working at once and it cannot sign in', async () => {
    const created = await createAccount({ username: 'zhouba', password: STRONG, role: 'coordinator' });
    const session = (await login('zhouba', STRONG)).body;
    expect((await system.call('GET', '/api/tasks', session.accessToken)).status).toBe(200);
    expect((await system.call('POST', `/api/admin/accounts/${created.body.id}/disable`, admin, {})).status).toBe(200);
    expect((await system.call('GET', '/api/tasks', session.accessToken)).status).toBe(401);
    expect((await login('zhouba', STRONG)).status).toBe(401);
    expect((await system.call('POST', '/api/auth/refresh', undefined, { refreshToken: session.refreshToken })).status).toBe(401);

    const reset = await system.call('POST', `/api/admin/accounts/${created.body.id}/reset-password`, admin, {
      password: 'Another-Strong-Pass-77',
    });
    expect(reset.status).toBe(200);
    expect((await system.call('PATCH', `/api/admin/accounts/${created.body.id}`, admin, { disabled: false })).status).toBe(200);
    expect((await login('zhouba', 'Another-Strong-Pass-77')).status).toBe(200);
    expect((await login('zhouba', STRONG)).status).toBe(401);
  });

  it('masks phone numbers for everyone but the admin', async () => {
    const auditor = await system.login('auditor');
    const coordinator = await system.login('coordinator');
    const id = (await system.call('GET', '/api/admin/accounts', admin)).body.find(
      (a: { username: string }) => a.username === 'zhangsan',
    ).id;
    expect((await system.call('GET', `/api/admin/accounts/${id}`, admin)).body.phone).toBe('13812345678');
    const listed = (await system.call('GET', '/api/admin/accounts', auditor)).body.find((a: { id: string }) => a.id === id);
    expect(listed.phone).toBe('138****5678');
    expect((await system.call('GET', `/api/admin/accounts/${id}`, auditor)).body.phone).toBe('138****5678');
    expect((await system.call('GET', `/api/accounts/${id}`, auditor)).body).toMatchObject({
      displayName: '测试人员',
      phone: '138****5678',
    });
    expect((await system.call('GET', `/api/accounts/${id}`, coordinator)).body.phone).toBe('138****5678');
    expect((await system.call('GET', '/api/admin/accounts', coordinator)).status).toBe(403);
    expect(
      (await system.call('POST', '/api/admin/accounts', auditor, { username: 'x', password: STRONG, role: 'auditor', displayName: 'x' }))
        .status,
    ).toBe(403);
  });

  it('keeps security events append-only, with actor and address and no personal data', async () => {
    const auditor = await system.login('auditor');
    await system.call('POST', '/api/admin/accounts', auditor, {});
    const events = await eventually(async () => {
      const rows = await system.storage.pool.query(
        `select kind, actor_id, username, ip, path, status, detail from security_events order by id`,
      );
      return rows.rows.some((row) => row.kind === 'request_denied' && row.path === '/api/admin/accounts') ? rows.rows : undefined;
    });
    const kinds = new Set(events.map((event) => event.kind));
    for (const kind of [
      'login_succeeded',
      'login_failed',
      'login_locked',
      'refresh_token_reused',
      'logout',
      'request_denied',
      'account_created',
      'totp_enrolled',
    ]) {
      expect(kinds).toContain(kind);
    }
    expect(events.find((event) => event.kind === 'login_failed')).toMatchObject({ ip: expect.any(String), username: expect.any(String) });
    expect(events.find((event) => event.kind === 'request_denied' && event.status === 403)).toMatchObject({
      actor_id: expect.any(String),
      ip: expect.any(String),
    });
    const text = JSON.stringify(events);
    expect(text).not.toContain('13812345678');
    expect(text).not.toContain('测试人员');

    // The services' role may only add rows (the trigger stops the owner too, see the security suite's purge test).
    for (const statement of [`update security_events set kind = 'x'`, `delete from security_events`, `truncate security_events`]) {
      await expect(system.storage.pool.query(statement)).rejects.toThrow(/permission denied for table security_events/);
    }
    expect((await system.storage.pool.query(`select purge_security_events() as purged`)).rows[0].purged).toBe(0);
  });
});
