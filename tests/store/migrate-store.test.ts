import { spawn } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccessLogPage } from '../../server/contract/admin';
import type {
  CaseList,
  CaseSummary,
  FormSchema,
  FormSummary,
  FormVersion,
  HistoryEntry,
  Task,
} from '../../server/contract/api';
import { PROJECT_ROOT } from '../support/process';
import { ApiClient, removeDataDir, startServer, type TestServer } from '../support/server';
import { createTestDatabase, type TestDatabase } from './pg-test-database';

const PRODUCT_PROCESSES = path.join(PROJECT_ROOT, 'processes');

interface Run {
  code: number | null;
  output: string;
}

function migrateStore(dataDir: string, databaseUrl: string): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn('npm', ['run', '--silent', 'migrate-store', '--', dataDir], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, DATABASE_URL: databaseUrl },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code) => resolve({ code, output }));
  });
}

/** What a user and an auditor see of a store, to compare before and after the move. */
async function snapshot(baseUrl: string) {
  const regisseur = await ApiClient.login(baseUrl, 'regisseur');
  const privacy = await ApiClient.login(baseUrl, 'privacy');
  const cases: CaseSummary[] = [];
  let cursor: string | undefined;
  do {
    const page = await regisseur.get<CaseList>(`/api/cases${cursor ? `?cursor=${encodeURIComponent(cursor)}` : ''}`);
    cases.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  const histories: Record<string, HistoryEntry[]> = {};
  for (const item of cases.slice(0, 3))
    histories[item.caseId] = await regisseur.get<HistoryEntry[]>(`/api/cases/${item.caseId}/history`);
  const log = await privacy.get<AccessLogPage>('/api/admin/access-log?limit=500');
  const verify = await privacy.get<{ entries: number; intact: boolean }>('/api/admin/access-log/verify');
  const forms = await regisseur.get<FormSummary[]>('/api/forms');
  const formVersions = await regisseur.get<FormVersion[]>('/api/forms/aanmelding/versions');
  const aanmelding = await regisseur.get<FormSchema>('/api/forms/aanmelding');
  return { cases, histories, log: log.items, verify, regisseur, forms, formVersions, aanmelding };
}

/**
 * A region moves from its data folder to PostgreSQL: `npm run migrate-store` copies a demo data
 * folder that was worked in, and a server on the database shows the same cases, history and
 * access log, with the log's chain intact and the cases workable.
 */
describe('npm run migrate-store', () => {
  let database: TestDatabase;
  let lowdb: TestServer;
  let postgres: TestServer | undefined;
  let dataDir: string;
  let before: Awaited<ReturnType<typeof snapshot>>;
  let first: Run;

  beforeAll(async () => {
    database = await createTestDatabase();
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'casusregie-migrate-'));
    // Given a lowdb server in demo mode that users worked in,
    lowdb = await startServer({ dataDir, processesDir: PRODUCT_PROCESSES, env: { DATABASE_URL: '' } });
    expect(lowdb.app.store.kind).toBe('lowdb');
    const worked = await snapshot(lowdb.baseUrl);
    const [open] = (await worked.regisseur.get<Task[]>('/api/tasks')).filter((task) => !task.assignee);
    if (open) await worked.regisseur.post(`/api/tasks/${open.id}/claim`);
    before = await snapshot(lowdb.baseUrl);
    await lowdb.stop();
    // when its data folder is moved into an empty database,
    first = await migrateStore(dataDir, database.url);
  }, 180_000);

  afterAll(async () => {
    await postgres?.stop();
    await removeDataDir(dataDir);
    if (postgres) await removeDataDir(postgres.dataDir);
    await database?.drop();
  });

  it('then it reports every kind with the same count and checksum and exits 0', () => {
    expect(first.code, first.output).toBe(0);
    for (const kind of [
      'cases',
      'history entries',
      'decisions',
      'users',
      'sessions',
      'definitions',
      'forms',
      'access log',
    ])
      expect(first.output).toMatch(new RegExp(`^${kind}\\s+\\d+\\s+\\d+\\s+[0-9a-f]{16}\\s+[0-9a-f]{16}\\s+ok$`, 'm'));
    expect(first.output).not.toMatch(/MISMATCH/);
    expect(first.output).toMatch(/^cases\s+(\d+)\s+\1\s/m);
  });

  it('then a server on the database shows the same cases, history and access log, with the chain intact', async () => {
    postgres = await startServer({ processesDir: PRODUCT_PROCESSES, env: { DATABASE_URL: database.url } });
    expect(postgres.app.store.kind).toBe('postgres');
    const after = await snapshot(postgres.baseUrl);
    expect(after.cases).toEqual(before.cases);
    expect(after.histories).toEqual(before.histories);
    // The forms and their versions came along: the product forms are not stored again.
    expect(before.forms.length).toBeGreaterThan(20);
    expect(after.forms).toEqual(before.forms);
    expect(after.formVersions).toEqual(before.formVersions);
    expect(after.aanmelding).toEqual(before.aanmelding);
    // The reads of this server are logged on top of the copied chain.
    expect(after.log.slice(-before.log.length)).toEqual(before.log);
    expect(after.verify.intact).toBe(true);
    expect(after.verify.entries).toBeGreaterThan(before.verify.entries);
  }, 120_000);

  it('then the copied cases can be worked on', async () => {
    const regisseur = await ApiClient.login(postgres!.baseUrl, 'regisseur');
    const [claimed] = (await regisseur.get<Task[]>('/api/tasks')).filter((task) => task.assignee === 'regisseur');
    expect(claimed).toBeDefined();
    const unclaim = await regisseur.request('POST', `/api/tasks/${claimed!.id}/unclaim`, {});
    expect(unclaim.status).toBe(200);
  });

  it('when it is run again on the database that now holds data, then it refuses and changes nothing', async () => {
    const counts = await database.sql<{ cases: string; log: string }>(
      'SELECT (SELECT count(*) FROM cases) AS cases, (SELECT count(*) FROM access_log) AS log',
    );
    const again = await migrateStore(dataDir, database.url);
    expect(again.code).toBe(2);
    expect(again.output).toMatch(/not empty/);
    expect(
      await database.sql('SELECT (SELECT count(*) FROM cases) AS cases, (SELECT count(*) FROM access_log) AS log'),
    ).toEqual(counts);
  });
});

describe('npm run migrate-store on a data folder the database cannot hold as it is', () => {
  it('given a setting with a character PostgreSQL cannot store, then it names the mismatching kind and exits 1', async () => {
    const database = await createTestDatabase();
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'casusregie-migrate-'));
    try {
      // U+0000 is valid JSON, but not in a PostgreSQL text or jsonb value.
      await writeFile(path.join(dataDir, 'settings.json'), JSON.stringify({ notitie: 'voor\u0000na' }));
      const run = await migrateStore(dataDir, database.url);
      expect(run.code, run.output).toBe(1);
      expect(run.output).toMatch(/^settings\s+1\s+1\s+[0-9a-f]{16}\s+[0-9a-f]{16}\s+MISMATCH$/m);
      expect(run.output).toMatch(/Do not switch to it/);
    } finally {
      await removeDataDir(dataDir);
      await database.drop();
    }
  }, 60_000);
});
