import path from 'node:path';

/**
 * Every setting the server reads from the environment, with its default beside it.
 * This is the only module that reads process.env.
 */
export interface Config {
  /** HTTP port. @default 3000 */
  port: number;
  /** Where cases, definitions, users and logs are stored. @default ./data */
  dataDir: string;
  /** `demo` seeds demo users and cases into an empty data folder; `production` refuses demo users. @default demo */
  mode: 'demo' | 'production';
  /** Enables POST /api/test/clock to move time forward (refused in production). @default false */
  testClock: boolean;
  /**
   * Where the test clock starts on a data folder whose clock was never moved, so tests can pin
   * the calendar (weekends, public holidays). Only with TEST_CLOCK; refused in production.
   * @default real time
   */
  testClockStart?: Date;
  /** Diagrams deployed at start-up when they differ from the latest stored version. @default ./processes */
  processesDir: string;
  /** Built client served to browsers. @default ./client/dist */
  clientDir: string;
  /**
   * How many cases at most keep live engines in memory; other cases are recovered from their
   * stored state on demand (about 1.5-3.5 ms each).
   * @default 50
   */
  engineCacheSize: number;
  /**
   * How much heap those engines may hold together, by their estimate (0.5-3.5 MB per engine by
   * diagram: 2.3 MB for toeleiding, 3.4 MB for plaatsingscoordinatie), in megabytes. Whichever
   * bound is reached first evicts the least recently used case.
   * @default 32
   */
  engineCacheMegabytes: number;
  /** Idle session lifetime in hours. @default 10 */
  sessionHours: number;
  /** Marks the session cookie Secure; set it behind HTTPS. @default false */
  secureCookies: boolean;
  /**
   * How many reverse proxies (load balancer, TLS terminator) stand in front of the server. Their
   * X-Forwarded-For then names the client's address, which the login throttle counts per address.
   * With 0 the header is ignored, so a client cannot claim someone else's address; behind a proxy
   * without this setting every user shares the proxy's address and its per-address limit.
   * @default 0
   */
  trustProxy: number;
  /** Login with the municipality's identity provider (OpenID Connect); absent: local accounts only. */
  oidc?: OidcConfig;
  /** E-mail for notifications: only with SMTP_URL; absent: notifications stay in the app. */
  mail?: MailConfig;
  /** PostgreSQL instead of the data folder (DATABASE_URL), for one or several nodes; absent: lowdb in DATA_DIR. */
  database?: DatabaseConfig;
}

/** The DATABASE_URL and PG_POOL_SIZE settings; see the README, Configuration. */
export interface DatabaseConfig {
  /** e.g. postgres://casusregie:secret@db.gemeente.nl:5432/casusregie */
  url: string;
  /** Connections each node keeps open at most. @default 10 */
  poolSize: number;
}

/** The SMTP_URL, MAIL_FROM and PUBLIC_URL settings; see the README, Configuration. */
export interface MailConfig {
  /** e.g. smtp://user:pass@mail.gemeente.nl:587 or smtps://… */
  smtpUrl: string;
  /** @default Casusregie <casusregie@localhost> */
  from: string;
  /** Where links in e-mails point. @default http://localhost:<PORT> */
  publicUrl: string;
}

/** The OIDC_* settings; see the README, "Login with the municipality's identity provider". */
export interface OidcConfig {
  /** The provider's issuer URL; its discovery document is read at start-up. */
  issuer: URL;
  clientId: string;
  clientSecret: string;
  /** Where the provider sends the browser back: OIDC_REDIRECT_URL, or PUBLIC_URL + /api/session/oidc/callback. */
  redirectUrl: URL;
  /** @default openid profile email */
  scopes: string;
  /** The claim with the user's roles (an array, or a space- or comma-separated string). @default casusregie_roles */
  rolesClaim: string;
  /** The claim with the user's team ids. @default casusregie_teams */
  teamsClaim: string;
  /** The login screen's button text. @default Inloggen met uw gemeente-account */
  label: string;
}

/** Where the provider sends the browser back, under the server's own origin. */
export const OIDC_CALLBACK_PATH = '/api/session/oidc/callback';

export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const mode = env.CASUSREGIE_MODE ?? 'demo';
  if (mode !== 'demo' && mode !== 'production') {
    throw new Error(`CASUSREGIE_MODE must be "demo" or "production", not "${mode}"`);
  }
  const config: Config = {
    port: integer(env.PORT, 3000, 'PORT'),
    dataDir: path.resolve(env.DATA_DIR ?? './data'),
    mode,
    testClock: env.TEST_CLOCK === '1' || env.TEST_CLOCK === 'true',
    processesDir: path.resolve(env.PROCESSES_DIR ?? './processes'),
    clientDir: path.resolve(env.CLIENT_DIR ?? './client/dist'),
    engineCacheSize: integer(env.ENGINE_CACHE_SIZE, 50, 'ENGINE_CACHE_SIZE'),
    engineCacheMegabytes: integer(env.ENGINE_CACHE_MB, 32, 'ENGINE_CACHE_MB'),
    sessionHours: integer(env.SESSION_HOURS, 10, 'SESSION_HOURS'),
    secureCookies: env.SECURE_COOKIES === '1' || env.SECURE_COOKIES === 'true',
    trustProxy: integer(env.TRUST_PROXY, 0, 'TRUST_PROXY'),
  };
  const oidc = readOidcConfig(env);
  if (oidc) config.oidc = oidc;
  const database = readDatabaseConfig(env);
  if (database) config.database = database;
  const smtpUrl = (env.SMTP_URL ?? '').trim();
  if (smtpUrl !== '') {
    let protocol: string;
    try {
      protocol = new URL(smtpUrl).protocol;
    } catch {
      throw new Error(`SMTP_URL must be an smtp:// or smtps:// URL, not "${smtpUrl}"`);
    }
    if (protocol !== 'smtp:' && protocol !== 'smtps:')
      throw new Error(`SMTP_URL must be an smtp:// or smtps:// URL, not "${smtpUrl}"`);
    const publicUrl = (env.PUBLIC_URL ?? '').trim();
    config.mail = {
      smtpUrl,
      from: (env.MAIL_FROM ?? '').trim() || 'Casusregie <casusregie@localhost>',
      publicUrl:
        publicUrl === ''
          ? `http://localhost:${config.port}`
          : absoluteUrl(publicUrl, 'PUBLIC_URL').toString().replace(/\/+$/, ''),
    };
  }
  if (config.testClock && config.mode === 'production') {
    throw new Error('TEST_CLOCK cannot be used in production mode');
  }
  if (env.TEST_CLOCK_START !== undefined && env.TEST_CLOCK_START !== '') {
    if (!config.testClock) throw new Error('TEST_CLOCK_START needs TEST_CLOCK=1');
    const start = new Date(env.TEST_CLOCK_START);
    if (Number.isNaN(start.getTime()) || !/(Z|[+-]\d{2}:?\d{2})$/.test(env.TEST_CLOCK_START))
      throw new Error(`TEST_CLOCK_START must be an ISO 8601 instant with a zone, not "${env.TEST_CLOCK_START}"`);
    config.testClockStart = start;
  }
  return config;
}

function readOidcConfig(env: NodeJS.ProcessEnv): OidcConfig | undefined {
  const required = ['OIDC_ISSUER', 'OIDC_CLIENT_ID', 'OIDC_CLIENT_SECRET'] as const;
  const given = required.filter((name) => (env[name] ?? '') !== '');
  if (given.length === 0) return undefined;
  // Half a configuration is a typo, not a choice: starting without the provider would hide it.
  if (given.length < required.length) {
    const missing = required.filter((name) => !given.includes(name));
    throw new Error(
      `Login with the identity provider needs ${required.join(', ')} together; missing: ${missing.join(', ')}`,
    );
  }
  const issuer = absoluteUrl(env.OIDC_ISSUER!, 'OIDC_ISSUER');
  const redirect = env.OIDC_REDIRECT_URL ?? '';
  const publicUrl = env.PUBLIC_URL ?? '';
  if (redirect === '' && publicUrl === '')
    throw new Error(
      `OIDC needs OIDC_REDIRECT_URL or PUBLIC_URL (the address users open, e.g. https://casusregie.gemeente.nl) for the callback ${OIDC_CALLBACK_PATH}`,
    );
  const redirectUrl =
    redirect !== ''
      ? absoluteUrl(redirect, 'OIDC_REDIRECT_URL')
      : new URL(OIDC_CALLBACK_PATH, absoluteUrl(publicUrl, 'PUBLIC_URL'));
  const scopes = (env.OIDC_SCOPES ?? '').trim() || 'openid profile email';
  if (!scopes.split(/\s+/).includes('openid')) throw new Error(`OIDC_SCOPES must include "openid", not "${scopes}"`);
  return {
    issuer,
    clientId: env.OIDC_CLIENT_ID!,
    clientSecret: env.OIDC_CLIENT_SECRET!,
    redirectUrl,
    scopes,
    rolesClaim: (env.OIDC_ROLES_CLAIM ?? '').trim() || 'casusregie_roles',
    teamsClaim: (env.OIDC_TEAMS_CLAIM ?? '').trim() || 'casusregie_teams',
    label: (env.OIDC_LABEL ?? '').trim() || 'Inloggen met uw gemeente-account',
  };
}

function readDatabaseConfig(env: NodeJS.ProcessEnv): DatabaseConfig | undefined {
  const url = (env.DATABASE_URL ?? '').trim();
  const poolSize = integer(env.PG_POOL_SIZE, 10, 'PG_POOL_SIZE');
  // PG_POOL_SIZE alone is harmless (e.g. a shared environment file): the data folder serves.
  if (url === '') return undefined;
  let protocol: string;
  try {
    protocol = new URL(url).protocol;
  } catch {
    // Not echoed: the URL may hold a password.
    throw new Error(
      'DATABASE_URL must be a postgres:// or postgresql:// URL, e.g. postgres://user:password@host:5432/casusregie',
    );
  }
  if (protocol !== 'postgres:' && protocol !== 'postgresql:')
    throw new Error(`DATABASE_URL must be a postgres:// or postgresql:// URL, not a ${protocol} URL`);
  if (poolSize < 1) throw new Error('PG_POOL_SIZE must be at least 1');
  return { url, poolSize };
}

function absoluteUrl(value: string, name: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`${name} must be an absolute http(s) URL, not "${value}"`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new Error(`${name} must be an absolute http(s) URL, not "${value}"`);
  return url;
}

function integer(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined || value === '') return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0)
    throw new Error(`${name} must be a non-negative integer, not "${value}"`);
  return parsed;
}
