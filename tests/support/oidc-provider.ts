import { mkdtemp } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import Provider, { type KoaContextWithOIDC } from 'oidc-provider';
import { type Application, createApplication } from '../../server/app';
import { readConfig } from '../../server/config';
import { freePort } from './process';
import { FIXTURE_PROCESSES, removeDataDir, type TestServer } from './server';
import { storeEnv } from './store';

/**
 * A real OpenID provider (the `oidc-provider` package) in the test process, with one confidential
 * client and test accounts whose claims the tests choose. Its development login page takes any
 * password for a known login; consent is given on the user's behalf (a first-party client), as
 * a municipality's provider would for its own applications.
 */

export const CLIENT_ID = 'casusregie';
export const CLIENT_SECRET = 'een-geheim-van-de-gemeente-voor-de-test';

/** The claims of a test account, as the municipality's provider would issue them. */
export interface TestAccount {
  preferred_username?: string;
  name?: string;
  email?: string;
  casusregie_roles?: unknown;
  casusregie_teams?: unknown;
}

export interface TestProvider {
  issuer: string;
  /** Adds or replaces an account; its login on the provider's page is `sub`. */
  account(sub: string, claims: TestAccount): void;
  close(): Promise<void>;
}

/** Starts the provider on a free port; it redirects only to `redirectUri`. */
export async function startOidcProvider(redirectUri: string): Promise<TestProvider> {
  const accounts = new Map<string, TestAccount>();
  const http: Server = createServer();
  await new Promise<void>((resolve) => http.listen(0, resolve));
  // `localhost`, while the app is on 127.0.0.1: another site, so the browser treats the return
  // from the provider as the cross-site navigation it is in production.
  const issuer = `http://localhost:${(http.address() as AddressInfo).port}`;
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: CLIENT_ID,
        client_secret: CLIENT_SECRET,
        redirect_uris: [redirectUri],
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_basic',
      },
    ],
    claims: {
      openid: ['sub'],
      profile: ['name', 'preferred_username'],
      email: ['email'],
      // Released with the openid scope, so the default scopes carry them (to the userinfo answer).
      casusregie: ['casusregie_roles', 'casusregie_teams'],
    },
    scopes: ['openid', 'profile', 'email', 'casusregie'],
    pkce: { required: () => true },
    features: { devInteractions: { enabled: true } },
    findAccount: (_ctx: KoaContextWithOIDC, sub: string) => {
      const claims = accounts.get(sub);
      if (!claims) return undefined;
      return { accountId: sub, claims: () => ({ sub, ...claims }) };
    },
    loadExistingGrant: async (ctx: KoaContextWithOIDC) => {
      const { client, session, provider: oidc } = ctx.oidc;
      if (!client || !session?.accountId) return undefined;
      const existing = session.grantIdFor(client.clientId);
      if (existing) return oidc.Grant.find(existing);
      const grant = new oidc.Grant({ clientId: client.clientId, accountId: session.accountId });
      grant.addOIDCScope('openid profile email casusregie');
      await grant.save();
      return grant;
    },
  });
  http.on('request', provider.callback());
  return {
    issuer,
    account: (sub, claims) => accounts.set(sub, claims),
    close: () =>
      new Promise<void>((resolve) => {
        http.closeAllConnections();
        http.close(() => resolve());
      }),
  };
}

export interface OidcRig {
  provider: TestProvider;
  server: TestServer;
  close(): Promise<void>;
}

/**
 * The provider and a real Casusregie server configured for it. The server's port is chosen first,
 * since the provider must know the redirect URL and the server discovers the provider as it starts.
 */
export async function startWithOidc(
  options: { dataDir?: string; processesDir?: string; clientDir?: string; env?: Record<string, string> } = {},
): Promise<OidcRig> {
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const provider = await startOidcProvider(`${baseUrl}/api/session/oidc/callback`);
  const rig: OidcRig = {
    provider,
    server: await startAppWithOidc(provider, port, options),
    // The server a test restarted in its place (rig.server), not the first one: that one is stopped.
    close: async () => {
      await rig.server.stop();
      await provider.close();
      await removeDataDir(rig.server.dataDir);
    },
  };
  return rig;
}

/** (Re)starts the server on `port` against the provider, e.g. on the same data folder. */
export async function startAppWithOidc(
  provider: TestProvider,
  port: number,
  options: { dataDir?: string; processesDir?: string; clientDir?: string; env?: Record<string, string> } = {},
): Promise<TestServer> {
  const dataDir = options.dataDir ?? (await mkdtemp(path.join(os.tmpdir(), 'casusregie-oidc-')));
  const app: Application = await createApplication(
    readConfig({
      DATA_DIR: dataDir,
      TEST_CLOCK: '1',
      PROCESSES_DIR: options.processesDir ?? FIXTURE_PROCESSES,
      CLIENT_DIR: options.clientDir ?? path.join(dataDir, 'no-client'),
      ...(await storeEnv(dataDir)),
      OIDC_ISSUER: provider.issuer,
      OIDC_CLIENT_ID: CLIENT_ID,
      OIDC_CLIENT_SECRET: CLIENT_SECRET,
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      // The scope that releases the roles and teams claims, as a municipality's provider may have it.
      OIDC_SCOPES: 'openid profile email casusregie',
      ...options.env,
    }),
  );
  await app.listen(port);
  return { app, baseUrl: `http://127.0.0.1:${port}`, dataDir, stop: () => app.close() };
}
