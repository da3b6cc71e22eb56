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
   * How many cases keep live engines in memory. A live engine costs roughly 1-2 MB of heap
   * (measured: 2.1 MB for toeleiding), so this bounds memory; other cases are recovered from
   * their stored state on demand (about 1.5-3.5 ms each).
   * @default 50
   */
  engineCacheSize: number;
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
}

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
    sessionHours: integer(env.SESSION_HOURS, 10, 'SESSION_HOURS'),
    secureCookies: env.SECURE_COOKIES === '1' || env.SECURE_COOKIES === 'true',
    trustProxy: integer(env.TRUST_PROXY, 0, 'TRUST_PROXY'),
  };
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

function integer(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined || value === '') return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0)
    throw new Error(`${name} must be a non-negative integer, not "${value}"`);
  return parsed;
}
