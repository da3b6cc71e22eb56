import { createApplication } from './app';
import { readConfig } from './config';

/** Start-up only: read the configuration, build the application, listen, stop cleanly. */
let config: ReturnType<typeof readConfig>;
let app: Awaited<ReturnType<typeof createApplication>>;
let port: number;
try {
  config = readConfig();
  app = await createApplication(config);
  port = await app.listen(config.port);
} catch (error) {
  // A configuration or data problem an operator must fix: say what, without a stack trace.
  console.error(`Casusregie cannot start: ${(error as Error).message}`);
  process.exit(1);
}
const where = config.database ? 'data in PostgreSQL (DATABASE_URL)' : `data in ${config.dataDir}`;
console.log(`Casusregie listens on http://localhost:${port} (${config.mode} mode, ${where})`);
if (config.mode === 'demo') {
  console.warn('WARNING: demo mode. Demo users (e.g. "regisseur", "slt", "voorzitter") all have the password "demo".');
}
if (config.mode === 'production' && !app.sessions.hasActiveBeheerder()) {
  console.warn(
    'No beheerder in this data folder yet, so nobody can log in. Stop the server, run ' +
      '`npm run create-admin -- <username>` with the same DATA_DIR, and start it again.',
  );
}
if (config.testClock) console.warn('WARNING: TEST_CLOCK=1: POST /api/test/clock moves the server clock forward.');

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    app!.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error('shutdown failed', error);
        process.exit(1);
      },
    );
  });
}
