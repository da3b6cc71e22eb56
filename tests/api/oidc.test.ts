import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApplication } from '../../server/app';
import { readConfig } from '../../server/config';
import type { LoginOptions, SessionInfo, Task } from '../../server/contract/api';
import { CLIENT_ID, CLIENT_SECRET, type OidcRig, startAppWithOidc, startWithOidc } from '../support/oidc-provider';
import { freePort, PROJECT_ROOT, spawnServer } from '../support/process';
import { ApiClient, FIXTURE_PROCESSES, removeDataDir, startServer } from '../support/server';
import { storeEnv } from '../support/store';

/**
 * A browser's part of the login, with fetch: cookies kept per host and port, redirects followed
 * by hand, the provider's login form filled in. Stops at the app's callback and returns its answer.
 */
class Browser {
  private readonly jars = new Map<string, Map<string, string>>();

  cookieFor(url: string): string {
    const jar = this.jars.get(new URL(url).host) ?? new Map<string, string>();
    return [...jar].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  async get(url: string, init: { method?: string; body?: URLSearchParams } = {}): Promise<Response> {
    const response = await fetch(url, {
      method: init.method ?? 'GET',
      redirect: 'manual',
      headers: { cookie: this.cookieFor(url) },
      ...(init.body ? { body: init.body } : {}),
    });
    const host = new URL(url).host;
    const jar = this.jars.get(host) ?? new Map<string, string>();
    this.jars.set(host, jar);
    for (const header of response.headers.getSetCookie()) {
      const [pair = '', ...attributes] = header.split(';');
      const [name = '', value = ''] = pair.split('=');
      const gone = value === '' || attributes.some((attribute) => /expires=Thu, 01 Jan 1970/i.test(attribute));
      if (gone) jar.delete(name.trim());
      else jar.set(name.trim(), value);
    }
    return response;
  }

  /**
   * From the app's login start to its callback answer, logging in at the provider as `login`;
   * `beforeCallback` may change the URL the provider sends the browser back to.
   */
  async loginWithProvider(
    baseUrl: string,
    login: string,
    beforeCallback: (url: URL) => URL = (url) => url,
    start = '/api/session/oidc',
  ): Promise<Response> {
    let response = await this.get(baseUrl + start);
    let url = baseUrl + start;
    for (let step = 0; step < 20; step++) {
      if (response.status >= 300 && response.status < 400) {
        let next = new URL(response.headers.get('location')!, url);
        if (next.pathname === '/api/session/oidc/callback') {
          next = beforeCallback(next);
          return this.get(next.href);
        }
        url = next.href;
        response = await this.get(url);
        continue;
      }
      const html = await response.text();
      const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
      if (response.status !== 200 || !action || !html.includes('name="login"'))
        throw new Error(`unexpected page at ${url} (${response.status}): ${html.slice(0, 500)}`);
      url = new URL(action.replaceAll('&amp;', '&'), url).href;
      response = await this.get(url, {
        method: 'POST',
        body: new URLSearchParams({ prompt: 'login', login, password: 'wat-dan-ook' }),
      });
    }
    throw new Error('the login did not come back to the app');
  }

  /** The session the app's session cookie opens, or the status it answers instead. */
  async session(baseUrl: string): Promise<SessionInfo | number> {
    const response = await this.get(`${baseUrl}/api/session`);
    return response.ok ? ((await response.json()) as SessionInfo) : response.status;
  }
}

describe('login with the municipality’s identity provider', () => {
  let rig: OidcRig;

  beforeAll(async () => {
    // The product's processes, so demo mode seeds cases with tasks for the team.
    rig = await startWithOidc({ processesDir: path.join(PROJECT_ROOT, 'processes') });
    rig.provider.account('r.bakker', {
      preferred_username: 'r.bakker',
      name: 'Rik Bakker',
      email: 'r.bakker@gemeente.example',
      casusregie_roles: ['procesregisseur'],
      casusregie_teams: ['slt-breda-noord'],
    });
  });
  afterAll(async () => {
    await rig?.close();
  });

  it('given OIDC is configured, when the login screen asks how to log in, then it gets the button text and address', async () => {
    const options = (await (await fetch(`${rig.server.baseUrl}/api/session/providers`)).json()) as LoginOptions;

    expect(options).toEqual({ oidc: { label: 'Inloggen met uw gemeente-account', url: '/api/session/oidc' } });
  });

  it('given a procesregisseur of slt-breda-noord at the provider, when they log in there, then they land on / with a session holding the token’s name, roles and teams', async () => {
    const browser = new Browser();

    const landing = await browser.loginWithProvider(rig.server.baseUrl, 'r.bakker');

    expect(landing.status).toBe(302);
    expect(landing.headers.get('location')).toBe('/');
    expect(landing.headers.getSetCookie().join('\n')).toMatch(/casusregie\.sid=[^;]+;.*HttpOnly.*SameSite=Strict/i);
    const session = await browser.session(rig.server.baseUrl);
    expect(session).toMatchObject({
      user: { id: 'r.bakker', name: 'Rik Bakker', roles: ['procesregisseur'], teams: ['slt-breda-noord'] },
    });
    // The session works as any other: the team's group tasks, as the demo procesregisseur of the team sees them.
    const tasks = await browser.get(`${rig.server.baseUrl}/api/tasks?scope=group`);
    expect(tasks.status).toBe(200);
    const colleague = await ApiClient.login(rig.server.baseUrl, 'regisseur');
    const ids = (list: Task[]) => list.map((task) => task.id).sort();
    const seen = ids((await tasks.json()) as Task[]);
    expect(seen.length).toBeGreaterThan(0);
    expect(seen).toEqual(ids(await colleague.get<Task[]>('/api/tasks?scope=group')));
  });

  it('keeps the user as an OIDC user without a password: the local login cannot open the account', async () => {
    await new Browser().loginWithProvider(rig.server.baseUrl, 'r.bakker');

    const stored = (await rig.server.app.store.users.all()).find((user) => user.id === 'r.bakker');
    expect(stored).toMatchObject({ source: 'oidc', email: 'r.bakker@gemeente.example', passwordHash: '' });
    const local = await fetch(`${rig.server.baseUrl}/api/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'r.bakker', password: 'wat-dan-ook' }),
    });
    expect(local.status).toBe(401);
  });

  it('given a relative return path, when the login succeeds, then it lands there; an absolute URL lands on / instead', async () => {
    const there = await new Browser().loginWithProvider(
      rig.server.baseUrl,
      'r.bakker',
      undefined,
      '/api/session/oidc?returnTo=%2Fzaken%3Fteam%3Dslt-breda-noord',
    );
    const elsewhere = await new Browser().loginWithProvider(
      rig.server.baseUrl,
      'r.bakker',
      undefined,
      '/api/session/oidc?returnTo=https%3A%2F%2Fevil.example%2F',
    );
    const schemeRelative = await new Browser().loginWithProvider(
      rig.server.baseUrl,
      'r.bakker',
      undefined,
      '/api/session/oidc?returnTo=%2F%2Fevil.example%2F',
    );

    expect(there.headers.get('location')).toBe('/zaken?team=slt-breda-noord');
    expect(elsewhere.headers.get('location')).toBe('/');
    expect(schemeRelative.headers.get('location')).toBe('/');
  });

  it('given the token also names a role and a team Casusregie does not know, when the user logs in, then those are ignored and the rest counts', async () => {
    rig.provider.account('s.visser', {
      preferred_username: 'S.Visser',
      name: 'Sara Visser',
      casusregie_roles: 'slt-medewerker superuser',
      casusregie_teams: ['slt-breda-zuid', 'team-bestaat-niet'],
    });
    const browser = new Browser();

    await browser.loginWithProvider(rig.server.baseUrl, 's.visser');

    expect(await browser.session(rig.server.baseUrl)).toMatchObject({
      user: { id: 's.visser', roles: ['slt-medewerker'], teams: ['slt-breda-zuid'] },
    });
  });

  it('given the provider changed the user’s roles, when they log in again, then the session has the new roles', async () => {
    rig.provider.account('w.smit', { name: 'Wim Smit', casusregie_roles: ['slt-medewerker'], casusregie_teams: [] });
    await new Browser().loginWithProvider(rig.server.baseUrl, 'w.smit');
    rig.provider.account('w.smit', { name: 'Wim Smit', casusregie_roles: ['teamleider'], casusregie_teams: [] });
    const browser = new Browser();

    await browser.loginWithProvider(rig.server.baseUrl, 'w.smit');

    // No preferred_username: the subject is the username.
    expect(await browser.session(rig.server.baseUrl)).toMatchObject({ user: { id: 'w.smit', roles: ['teamleider'] } });
  });

  it('given a token without any role of Casusregie, when the user logs in, then there is no session and the login screen says why', async () => {
    rig.provider.account('geen.rol', { name: 'Geen Rol', casusregie_roles: ['onbekend'], casusregie_teams: [] });
    const browser = new Browser();

    const landing = await browser.loginWithProvider(rig.server.baseUrl, 'geen.rol');

    expect(landing.status).toBe(302);
    expect(landing.headers.get('location')).toBe('/?inlogfout=geen-rol');
    expect(await browser.session(rig.server.baseUrl)).toBe(401);
    expect(rig.server.app.sessions.findUser('geen.rol')).toBeUndefined();
  });

  it('given a tampered state in the provider’s redirect, when it reaches the app, then there is no session and the login screen says the login is invalid', async () => {
    const browser = new Browser();

    const landing = await browser.loginWithProvider(rig.server.baseUrl, 'r.bakker', (url) => {
      url.searchParams.set('state', 'vervalst');
      return url;
    });

    expect(landing.status).toBe(302);
    expect(landing.headers.get('location')).toBe('/?inlogfout=ongeldig');
    expect(await browser.session(rig.server.baseUrl)).toBe(401);
  });

  it('given the provider refuses (access_denied), when the browser comes back, then the login screen says so, never a server error', async () => {
    const browser = new Browser();
    await browser.get(`${rig.server.baseUrl}/api/session/oidc`);

    const landing = await browser.get(
      `${rig.server.baseUrl}/api/session/oidc/callback?error=access_denied&error_description=nee&state=x`,
    );

    expect(landing.status).toBe(302);
    expect(landing.headers.get('location')).toBe('/?inlogfout=geweigerd');
  });

  it('given a callback without a login started in this browser, or with odd parameters, then it goes back to the login screen', async () => {
    const answers = await Promise.all(
      [
        '/api/session/oidc/callback',
        '/api/session/oidc/callback?code=abc&state=def',
        '/api/session/oidc/callback?code[x]=1&state[]=2',
        `/api/session/oidc/callback?code=${'x'.repeat(5000)}`,
      ].map((url) => fetch(rig.server.baseUrl + url, { redirect: 'manual' })),
    );

    for (const answer of answers) {
      expect(answer.status).toBe(302);
      expect(answer.headers.get('location')).toBe('/?inlogfout=verlopen');
    }
  });

  it('given a login was used once, when its callback is replayed, then it does not open a second session', async () => {
    let callback: URL | undefined;
    const browser = new Browser();
    await browser.loginWithProvider(rig.server.baseUrl, 'r.bakker', (url) => {
      callback = new URL(url.href);
      return url;
    });
    const replay = await fetch(callback!.href, {
      redirect: 'manual',
      headers: { cookie: browser.cookieFor(rig.server.baseUrl) },
    });

    expect(replay.headers.get('location')).toMatch(/^\/\?inlogfout=/);
  });

  it('keeps the transient cookie Lax and short-lived, so it survives the provider’s cross-site redirect back', async () => {
    const start = await fetch(`${rig.server.baseUrl}/api/session/oidc`, { redirect: 'manual' });

    expect(start.status).toBe(302);
    const location = new URL(start.headers.get('location')!);
    expect(location.origin).toBe(rig.provider.issuer);
    expect(location.searchParams.get('code_challenge_method')).toBe('S256');
    expect(location.searchParams.get('state')).toBeTruthy();
    expect(location.searchParams.get('nonce')).toBeTruthy();
    expect(location.searchParams.get('client_id')).toBe(CLIENT_ID);
    const cookie = start.headers.getSetCookie().find((header) => header.startsWith('casusregie.oidc='));
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).toMatch(/Path=\/api\/session\/oidc/);
    expect(cookie).toMatch(/Max-Age=600/);
  });

  it('given the beheerder deactivated an OIDC user, when they log in at the provider, then they get no session', async () => {
    // Given r.bakker logged in once, and was then deactivated (in the store, across a restart)
    await new Browser().loginWithProvider(rig.server.baseUrl, 'r.bakker');
    const stored = (await rig.server.app.store.users.all()).find((user) => user.id === 'r.bakker')!;
    await rig.server.app.store.users.put({ ...stored, active: false });
    const port = Number(new URL(rig.server.baseUrl).port);
    await rig.server.stop();
    rig.server = await startAppWithOidc(rig.provider, port, { dataDir: rig.server.dataDir });
    const browser = new Browser();

    const landing = await browser.loginWithProvider(rig.server.baseUrl, 'r.bakker');

    expect(landing.headers.get('location')).toBe('/?inlogfout=gedeactiveerd');
    expect(await browser.session(rig.server.baseUrl)).toBe(401);
  });

  it('given a local account with the same username, when the provider vouches for that name, then the local account is not taken over', async () => {
    rig.provider.account('regisseur', { name: 'Indringer', casusregie_roles: ['beheerder'], casusregie_teams: [] });
    const browser = new Browser();

    const landing = await browser.loginWithProvider(rig.server.baseUrl, 'regisseur');

    expect(landing.headers.get('location')).toBe('/?inlogfout=lokaal-account');
    expect(rig.server.app.sessions.findUser('regisseur')?.roles).toEqual(['procesregisseur']);
  });
});

describe('login with the identity provider, configured or not', () => {
  it('given no OIDC settings, then the login screen learns there is no provider and the login start goes back to it', async () => {
    const server = await startServer();
    try {
      const options = (await (await fetch(`${server.baseUrl}/api/session/providers`)).json()) as LoginOptions;
      const start = await fetch(`${server.baseUrl}/api/session/oidc`, { redirect: 'manual' });

      expect(options).toEqual({ oidc: null });
      expect(start.status).toBe(302);
      expect(start.headers.get('location')).toBe('/?inlogfout=uitgeschakeld');
    } finally {
      await server.stop();
      await removeDataDir(server.dataDir);
    }
  });

  it('given only some of the OIDC settings, then the server refuses to start and names the missing ones', async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'casusregie-oidc-partial-'));

    await expect(
      spawnServer({ dataDir, env: { OIDC_ISSUER: 'https://login.gemeente.example', OIDC_CLIENT_ID: CLIENT_ID } }),
    ).rejects.toThrow(/Casusregie cannot start: .*OIDC_CLIENT_SECRET/);
    await removeDataDir(dataDir);
    // The real process starts slowly on a busy machine (tsx); the bound only guards against a hang.
  }, 90_000);

  it('given OIDC settings without a public address, then the server refuses to start and says which setting gives it', async () => {
    expect(() =>
      readConfig({ OIDC_ISSUER: 'https://login.example', OIDC_CLIENT_ID: 'x', OIDC_CLIENT_SECRET: CLIENT_SECRET }),
    ).toThrow(/OIDC_REDIRECT_URL or PUBLIC_URL/);
  });

  it('given an issuer nobody answers at, then the server refuses to start and names the issuer', async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'casusregie-oidc-down-'));
    const issuer = `http://127.0.0.1:${await freePort()}`;
    const config = readConfig({
      DATA_DIR: dataDir,
      PROCESSES_DIR: FIXTURE_PROCESSES,
      CLIENT_DIR: path.join(dataDir, 'no-client'),
      ...(await storeEnv(dataDir)),
      OIDC_ISSUER: issuer,
      OIDC_CLIENT_ID: CLIENT_ID,
      OIDC_CLIENT_SECRET: CLIENT_SECRET,
      PUBLIC_URL: 'http://127.0.0.1:1',
    });

    await expect(createApplication(config)).rejects.toThrow(
      `Cannot read the identity provider's discovery document at ${issuer}/ (OIDC_ISSUER)`,
    );
    await removeDataDir(dataDir);
  });
});
