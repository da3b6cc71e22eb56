import { existsSync } from 'node:fs';
import { createServer, type Server as HttpServer } from 'node:http';
import path from 'node:path';
import express from 'express';
import helmet from 'helmet';
import { Temporal } from 'temporal-polyfill';
import packageJson from '../package.json' with { type: 'json' };
import { AccountService } from './accounts/account-service';
import { OidcLogin } from './auth/oidc/oidc-login';
import { SessionService } from './auth/session-service';
import { CaseQueries } from './cases/case-queries';
import { CaseService } from './cases/case-service';
import { TeamRegistry } from './cases/team-registry';
import { followOtherNodes } from './cluster/follow-other-nodes';
import { tellOthers } from './cluster/tell-others';
import type { Config } from './config';
import { DefinitionRegistry } from './definitions/definition-registry';
import { DEMO_TEAMS, seedDemo } from './demo/seed';
import { EngineHost } from './engine/engine-host';
import { FiguresService, TARGETS_SETTING } from './figures/figures-service';
import { FormRegistry } from './forms/form-registry';
import { apiRoutes } from './http/api-routes';
import { problemHandler, refuseNulInAddress, sessionMiddleware } from './http/middleware';
import { badRequest } from './http/problem';
import { attachSockets } from './live/socket-server';
import { Mailer } from './notifications/mailer';
import { NotificationService } from './notifications/notification-service';
import { openStore } from './store/open-store';
import type { Store } from './store/store';
import { type Clock, SystemClock, TestClock } from './time/clock';

export interface Application {
  http: HttpServer;
  /** The express app itself, so a test can read the routes it really serves. */
  express: express.Express;
  cases: CaseService;
  queries: CaseQueries;
  definitions: DefinitionRegistry;
  /** The versioned forms (issue 19). */
  formVersions: FormRegistry;
  sessions: SessionService;
  clock: Clock;
  store: Store;
  /** Listens on the given port (0 picks a free one) and resolves with the actual port. */
  listen(port: number): Promise<number>;
  close(): Promise<void>;
}

/** Builds the whole server on a data folder without listening, so tests can start it on port 0. */
export async function createApplication(config: Config): Promise<Application> {
  // First, before the data folder opens: a provider that cannot be reached stops the start, plainly.
  // The provider's teams are checked against the registry, which exists once the store is open.
  const knownTeams = { has: (_id: string): boolean => false };
  const oidc = config.oidc ? await OidcLogin.discover(config.oidc, (id) => knownTeams.has(id)) : undefined;
  const store = await openStore(config);
  try {
    return await assemble(config, store, oidc, knownTeams);
  } catch (error) {
    // A start that fails half-way (e.g. production refusing demo users) lets go of the store: no
    // pool, listener or lock stays open behind the error.
    await store.close().catch((closeError: unknown) => console.error('closing the store failed', closeError));
    throw error;
  }
}

async function assemble(
  config: Config,
  store: Store,
  oidc: OidcLogin | undefined,
  knownTeams: { has(id: string): boolean },
): Promise<Application> {
  const cluster = store.cluster;
  // Nodes starting together on a fresh store start the test clock once, at one moment.
  const clock: Clock = config.testClock
    ? await cluster.exclusive('start-up', () => openTestClock(store, config.testClockStart))
    : new SystemClock();
  const engine = new EngineHost(clock);
  const sessions = new SessionService(store, config.sessionHours, clock);
  await sessions.load();
  if (config.mode === 'production' && sessions.hasDemoUsers()) {
    throw new Error('Production mode refuses to start while demo users exist in the data folder.');
  }
  const teams = new TeamRegistry(store.teams, cluster);
  await teams.load();
  knownTeams.has = (id) => teams.get(id) !== undefined;
  // Once, however many nodes start at the same time; each reads what the one before registered.
  const registered = await cluster.exclusive('start-up', async () => {
    if (cluster.shared) await Promise.all([teams.load(), sessions.reloadUsers()]);
    return teams.registerMissing(
      config.mode === 'demo' ? DEMO_TEAMS : [],
      sessions.directory().flatMap((user) => user.teams),
    );
  });
  // Production only: a demo start-up would say it on every test run; an operator needs to know.
  if (config.mode === 'production' && registered.length > 0)
    console.info(`teams registered: ${registered.map((team) => team.id).join(', ')}`);

  const app = express();
  app.disable('x-powered-by');
  // No ETag on res.json: an API answer with case data is Cache-Control: no-store, so it is never
  // revalidated, and the few that may be cached (health, OpenAPI, login options) are small;
  // hashing every body cost every request. (express.static and sendFile keep their own ETags.)
  app.set('etag', false);
  if (config.trustProxy > 0) app.set('trust proxy', config.trustProxy);
  // Standard security headers (CSP, no sniffing, no framing): the client is served from this origin only.
  // Over plain HTTP (demo, local) nothing may be upgraded to HTTPS or pinned to it.
  app.use(
    helmet({
      contentSecurityPolicy: { directives: { upgradeInsecureRequests: config.secureCookies ? [] : null } },
      strictTransportSecurity: config.secureCookies,
    }),
  );
  const http = createServer(app);
  let queries: CaseQueries | undefined;
  const socketAdapter = cluster.socketAdapter();
  const {
    events,
    endSession,
    endUser,
    cutOffEnded,
    close: closeSockets,
  } = attachSockets(
    http,
    sessions,
    () => queries!,
    (key, version) =>
      definitions.version(key, version) ? cases.index.statisticsOf(key, version, clock.now()) : undefined,
    { trustProxy: config.trustProxy, ...(socketAdapter ? { adapter: socketAdapter } : {}) },
  );
  // The forms first: every deploy checks the diagram's form keys against them and pins their versions.
  const formVersions = new FormRegistry(store.forms, (key, version) => events.formSaved({ key, version }), cluster);
  await formVersions.load();
  // The product's forms are stored as new versions where they changed, before the diagrams that
  // name them deploy (so those pin them); once, however many nodes start at the same time.
  await cluster.exclusive('start-up', () =>
    formVersions.seedDirectory(path.join(config.processesDir, 'forms'), 'systeem'),
  );
  const definitions = new DefinitionRegistry(
    store.definitions,
    engine,
    (key, version) => events.definitionDeployed({ key, version }),
    {
      versions: formVersions,
      rules: existsSync(path.join(config.processesDir, 'forms')),
      refresh: () => formVersions.load(),
    },
    cluster,
  );
  await definitions.load();
  // Nodes starting together deploy each changed diagram once: the first stores it, the others
  // find it stored (each deploy reads the stored versions first).
  await cluster.exclusive('start-up', () => definitions.deployDirectory(config.processesDir, 'systeem'));
  const cases = new CaseService({
    store,
    engine,
    definitions,
    clock,
    events,
    teams,
    engineCacheSize: config.engineCacheSize,
    engineCacheMegabytes: config.engineCacheMegabytes,
    findUser: (id) => sessions.findUser(id),
    isActiveUser: (id) => sessions.isActiveUser(id),
  });
  const notifications = new NotificationService({
    store: store.notifications,
    clock,
    users: {
      all: () => sessions.directory(),
      find: (id) => sessions.findUser(id),
      isActive: (id) => sessions.isActiveUser(id),
      email: (id) => sessions.storedUser(id)?.email,
    },
    model: (key, version) =>
      definitions.version(key, version) ? definitions.model(key, version) : Promise.resolve(undefined),
    openTasksOf: (userId) => cases.index.openTasksFor({ assignee: userId }),
    isOpenTask: (taskId) => cases.index.openTask(taskId) !== undefined,
    emit: (userId, notification) => events.notificationCreated(userId, notification),
    ...(config.mail
      ? { mail: { mailer: new Mailer(config.mail.smtpUrl, config.mail.from), publicUrl: config.mail.publicUrl } }
      : {}),
    // Several nodes: one tells people about overdue tasks and sends the digests.
    ...(cluster.shared ? { leads: () => cluster.leads('notifications') } : {}),
  });
  cases.work.onCommitted((document, history) => notifications.committed(document, history));
  const figures = new FiguresService({ facts: cases.index.figures, teams, clock, settings: store.settings, cluster });
  if (cluster.shared) {
    // Heard before the cases are read, so no change made meanwhile on another node is missed;
    // what changed before this node listened is read again here.
    followOtherNodes(cluster, {
      work: cases.work,
      sessions,
      teams,
      definitions,
      forms: formVersions,
      cutOffEnded,
      settingChanged: async (name) => {
        if (name === TARGETS_SETTING) return figures.load();
        if (name !== 'testClockOffsetMs' || !clock.adjustable) return;
        const stored = Number(await store.settings.get('testClockOffsetMs'));
        if (stored > clock.offsetMs) clock.advance(stored - clock.offsetMs);
        await cases.work.scheduler.drainDue();
        await notifications.tick();
      },
    });
    await Promise.all([sessions.reloadUsers(), teams.load(), definitions.load(), formVersions.load()]);
  }
  await cases.work.load();
  queries = new CaseQueries({
    index: cases.index,
    store,
    clock,
    definitions,
    readDocument: (caseId, read) => cases.work.readDocument(caseId, read),
  });

  await figures.load();

  // Once, however many nodes start at the same time: the others find the users it made.
  await cluster.exclusive('start-up', async () => {
    if (cluster.shared) await sessions.reloadUsers();
    if (config.mode === 'demo' && !sessions.hasUsers()) {
      await seedDemo({ sessions, cases, clock, hasProcess: (key) => definitions.latest(key) !== undefined });
    }
  });

  const advanceClock = config.testClock
    ? async (durationIso: string) => {
        let milliseconds: number;
        try {
          const duration = Temporal.Duration.from(durationIso);
          const now = Temporal.Instant.fromEpochMilliseconds(clock.now().getTime()).toZonedDateTimeISO('UTC');
          milliseconds = now.add(duration).epochMilliseconds - now.epochMilliseconds;
        } catch {
          throw badRequest(`"${durationIso}" is geen ISO 8601-duur.`, [
            { path: 'advance', code: 'duration', message: 'Gebruik bijvoorbeeld P5D of PT24H.' },
          ]);
        }
        if (milliseconds < 0) throw badRequest('De testklok gaat alleen vooruit.');
        clock.advance(milliseconds);
        await store.settings.set('testClockOffsetMs', clock.offsetMs);
        // The other nodes move their clocks too; the one that leads the timers fires what fell due.
        await tellOthers(cluster, { kind: 'settings', name: 'testClockOffsetMs' });
        await cases.work.scheduler.drainDue();
        // Overdue tasks and daily digests follow the clock too, before the answer.
        await notifications.tick();
        return clock.now().toISOString();
      }
    : undefined;

  app.use('/api', refuseNulInAddress);
  app.use(sessionMiddleware(sessions));
  app.use(
    '/api',
    apiRoutes({
      sessions,
      cases,
      queries,
      definitions,
      formVersions,
      formUsedBy: (key, version) => definitions.pinnedBy(key, version),
      teams,
      accounts: new AccountService({
        sessions,
        teams,
        disconnectUser: endUser,
        releaseUnworkableTasks: (userId, by) => cases.releaseUnworkable(userId, by),
      }),
      figures,
      clock,
      accessLog: store.accessLog,
      notifications,
      version: packageJson.version,
      secureCookies: config.secureCookies,
      sessionHours: config.sessionHours,
      onLogout: endSession,
      ...(oidc ? { oidc } : {}),
      quarantined: () => store.cases.quarantined(),
      ...(advanceClock ? { advanceClock } : {}),
    }),
  );
  app.use(problemHandler);
  // The client is a single-page app: every client URL (history-API routing) gets index.html.
  if (existsSync(config.clientDir)) {
    app.use(express.static(config.clientDir, { index: false }));
    app.get(/^\/(?!api\/|socket\.io\/).*/, (_request, response) =>
      response.sendFile(path.join(config.clientDir, 'index.html')),
    );
  }

  cases.work.scheduler.start();
  notifications.start();
  // Overdue timers (the server was down when they fell due) fire right away.
  void cases.work.scheduler.drainDue();

  return {
    http,
    express: app,
    cases,
    queries,
    definitions,
    formVersions,
    sessions,
    clock,
    store,
    listen: (port) =>
      new Promise((resolve, reject) => {
        http.once('error', reject);
        http.listen(port, () => {
          const address = http.address();
          resolve(typeof address === 'object' && address ? address.port : port);
        });
      }),
    close: async () => {
      cases.work.scheduler.stop();
      notifications.stop();
      await notifications.settled();
      await closeSockets();
      if (http.listening) await new Promise<void>((resolve) => http.close(() => resolve()));
      cases.work.dropCache();
      await store.close();
    },
  };
}

/**
 * The test clock where it stood; on a fresh data folder it starts at TEST_CLOCK_START, stored at
 * once so a restart continues from there instead of jumping back.
 */
async function openTestClock(store: Store, start: Date | undefined): Promise<TestClock> {
  const stored = await store.settings.get('testClockOffsetMs');
  if (stored !== undefined || !start) return new TestClock(Number(stored ?? 0));
  const clock = TestClock.startingAt(start);
  await store.settings.set('testClockOffsetMs', clock.offsetMs);
  return clock;
}
