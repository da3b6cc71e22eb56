import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addressKey, LoginThrottle } from '../../server/auth/login-throttle';
import type { Problem } from '../../server/contract/api';
import { inParallel } from '../support/process';
import { removeDataDir, startServer, type TestServer } from '../support/server';

interface Answer {
  status: number;
  retryAfter: string | undefined;
  body: string;
}

/**
 * POST /api/session from a chosen loopback address (all of 127.0.0.0/8 is this machine), so a
 * test can log in "from another address" without a proxy.
 */
function loginFrom(baseUrl: string, localAddress: string, body: unknown): Promise<Answer> {
  const url = new URL('/api/session', baseUrl);
  const payload = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method: 'POST',
        localAddress,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) },
      },
      (incoming) => {
        let text = '';
        incoming.setEncoding('utf8');
        incoming.on('data', (chunk: string) => (text += chunk));
        incoming.on('end', () => {
          const retryAfter = incoming.headers['retry-after'];
          resolve({ status: incoming.statusCode ?? 0, retryAfter, body: text });
        });
      },
    );
    outgoing.on('error', reject);
    outgoing.end(payload);
  });
}

describe('login throttle over HTTP', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(async () => {
    await server.stop();
    await removeDataDir(server.dataDir);
  });

  it('counts parallel wrong passwords before checking them, so most get 429, and the real user still logs in from elsewhere', async () => {
    // Given 40 wrong passwords for one user, sent all at once from one address
    const answers = await Promise.all(
      Array.from({ length: 40 }, (_, index) =>
        loginFrom(server.baseUrl, '127.0.0.1', { username: 'teamleider', password: `gok-${index}` }),
      ),
    );

    // Then only the first ten are checked; the rest are refused with 429 and Retry-After
    const statuses = answers.map((answer) => answer.status);
    expect(statuses.filter((status) => status === 401)).toHaveLength(10);
    expect(statuses.filter((status) => status === 429)).toHaveLength(30);
    const refused = answers.find((answer) => answer.status === 429)!;
    expect(Number(refused.retryAfter)).toBeGreaterThan(0);
    expect((JSON.parse(refused.body) as Problem).detail).toMatch(/Te veel mislukte pogingen voor deze gebruiker/);

    // And the guessing address stays locked out of that user, even with the right password
    expect((await loginFrom(server.baseUrl, '127.0.0.1', { username: 'teamleider', password: 'demo' })).status).toBe(
      429,
    );
    // But the real user, from another address, logs in
    expect((await loginFrom(server.baseUrl, '127.0.0.2', { username: 'teamleider', password: 'demo' })).status).toBe(
      200,
    );
  });

  it('refuses 2,000 unique 100 kB usernames with 400 before the throttle stores anything, and stays healthy', async () => {
    const statuses = new Map<number, number>();
    await inParallel(
      Array.from({ length: 2_000 }, (_, index) => index),
      8,
      async (index) => {
        const username = `${index}-${'x'.repeat(100_000)}`;
        const answer = await loginFrom(server.baseUrl, '127.0.0.4', { username, password: 'gok' });
        statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
        if (index === 0) {
          expect((JSON.parse(answer.body) as Problem).detail).toBe('Gebruikersnaam of wachtwoord is te lang.');
          expect((JSON.parse(answer.body) as Problem).problems).toEqual([
            { path: 'username', code: 'max-length', message: 'Hoogstens 200 tekens.' },
          ]);
        }
      },
    );

    expect(Object.fromEntries(statuses)).toEqual({ 400: 2_000 });
    // None of them counted as a failed attempt of this address
    expect((await loginFrom(server.baseUrl, '127.0.0.4', { username: 'plaatser', password: 'demo' })).status).toBe(200);
    expect((await fetch(`${server.baseUrl}/api/health`)).status).toBe(200);
  });
});

/** POST /api/session with a claimed client address, as a reverse proxy would forward it. */
async function loginForwardedFor(baseUrl: string, forwardedFor: string, password: string): Promise<number> {
  const response = await fetch(`${baseUrl}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': forwardedFor },
    body: JSON.stringify({ username: 'regisseur', password }),
  });
  return response.status;
}

describe('login throttle and X-Forwarded-For', () => {
  it('ignores a claimed address without TRUST_PROXY, so hopping addresses does not escape the lockout', async () => {
    // Given a server that is reached directly (no proxy configured)
    const server = await startServer();
    try {
      // When a guesser claims a new address with every wrong password
      for (let index = 0; index < 10; index += 1) {
        expect(await loginForwardedFor(server.baseUrl, `10.0.0.${index + 1}`, `gok-${index}`)).toBe(401);
      }
      // Then the eleventh attempt is still refused: the claimed addresses were not believed
      expect(await loginForwardedFor(server.baseUrl, '10.0.0.99', 'gok-10')).toBe(429);
    } finally {
      await server.stop();
      await removeDataDir(server.dataDir);
    }
  });

  it('counts per forwarded client address behind a proxy (TRUST_PROXY=1), so the real user still logs in', async () => {
    // Given a server behind one reverse proxy
    const server = await startServer({ env: { TRUST_PROXY: '1' } });
    try {
      // When one client behind the proxy guesses ten times
      for (let index = 0; index < 10; index += 1) {
        expect(await loginForwardedFor(server.baseUrl, '10.0.0.1', `gok-${index}`)).toBe(401);
      }
      // Then that client is locked out, even with the right password
      expect(await loginForwardedFor(server.baseUrl, '10.0.0.1', 'demo')).toBe(429);
      // And the real user, another client behind the same proxy, logs in
      expect(await loginForwardedFor(server.baseUrl, '10.0.0.2', 'demo')).toBe(200);
    } finally {
      await server.stop();
      await removeDataDir(server.dataDir);
    }
  });
});

describe('LoginThrottle', () => {
  const at = (start = 0) => {
    const clock = { now: start };
    return { clock, now: () => clock.now };
  };

  it('locks one username out of one address after ten failures, for the rest of the window', () => {
    const { clock, now } = at();
    const throttle = new LoginThrottle({ now });
    for (let attempt = 0; attempt < 10; attempt++) {
      expect(throttle.reserve('Regisseur', '10.0.0.1').allowed).toBe(true);
      clock.now += 1_000;
    }

    const refused = throttle.reserve('regisseur', '10.0.0.1');
    expect(refused).toMatchObject({ allowed: false, scope: 'username' });
    expect(refused.allowed === false && refused.retryAfterMs).toBe(15 * 60_000 - 10_000);
    // Another address is not locked out, only slowed down a little
    expect(throttle.reserve('regisseur', '10.0.0.2')).toMatchObject({ allowed: true, delayMs: 250 });

    clock.now += 15 * 60_000;
    expect(throttle.reserve('regisseur', '10.0.0.1').allowed).toBe(true);
  });

  it('forgives the attempts of a user who then gives the right password', () => {
    const throttle = new LoginThrottle();
    for (let attempt = 0; attempt < 9; attempt++) throttle.reserve('slt', '10.0.0.1');

    const right = throttle.reserve('slt', '10.0.0.1');
    if (right.allowed) right.succeeded();

    for (let attempt = 0; attempt < 10; attempt++) expect(throttle.reserve('slt', '10.0.0.1').allowed).toBe(true);
  });

  it('locks an address out that fails on many usernames', () => {
    const throttle = new LoginThrottle({ maxAddressFailures: 20 });
    for (let index = 0; index < 20; index++) expect(throttle.reserve(`user-${index}`, '10.0.0.9').allowed).toBe(true);

    expect(throttle.reserve('someone-else', '10.0.0.9')).toMatchObject({ allowed: false, scope: 'address' });
    expect(throttle.reserve('someone-else', '10.0.0.10').allowed).toBe(true);
  });

  it('counts IPv6 addresses per /64, so hopping within one prefix does not reset the lockout', () => {
    const throttle = new LoginThrottle();
    for (let index = 0; index < 10; index++) throttle.reserve('crisis', `2001:db8:1:2::${(index + 1).toString(16)}`);

    expect(throttle.reserve('crisis', '2001:db8:1:2:ffff:ffff:ffff:ffff')).toMatchObject({
      allowed: false,
      scope: 'username',
    });
    expect(throttle.reserve('crisis', '2001:db8:1:3::1').allowed).toBe(true);
    // IPv4, also as IPv6-mapped, counts per address
    expect(addressKey('::ffff:10.0.0.1')).toBe('10.0.0.1');
    expect(addressKey('10.0.0.1')).toBe('10.0.0.1');
  });

  it('slows a username guessed from many addresses down by a bounded delay, never locking it', () => {
    const throttle = new LoginThrottle();
    const delays: number[] = [];
    for (let index = 0; index < 40; index++) {
      const attempt = throttle.reserve('voorzitter', `10.1.0.${index}`);
      expect(attempt.allowed).toBe(true);
      if (attempt.allowed) delays.push(attempt.delayMs);
    }

    expect(delays.slice(0, 10)).toEqual(Array(10).fill(0));
    expect(delays.slice(10, 14)).toEqual([250, 500, 1_000, 2_000]);
    expect(Math.max(...delays)).toBe(2_000);
  });

  it('holds a bounded number of keys however many usernames and addresses fail', () => {
    const throttle = new LoginThrottle({ maxKeys: 1_000 });
    for (let index = 0; index < 20_000; index++) throttle.reserve(`user-${index}`, `10.2.${index >> 8}.${index & 255}`);

    expect(throttle.size).toBeLessThanOrEqual(3 * 1_000);
    expect(throttle.knows('user-0')).toBe(false);
    expect(throttle.knows('user-19999')).toBe(true);
  });

  it('refuses to store a username longer than its limit', () => {
    const throttle = new LoginThrottle();

    expect(() => throttle.reserve('x'.repeat(100_000), '10.0.0.1')).toThrow(RangeError);
    expect(throttle.size).toBe(0);
  });
});
