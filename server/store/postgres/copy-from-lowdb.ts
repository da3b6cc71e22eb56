import { createHash } from 'node:crypto';
import { createReadStream, existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { asChainedLine, parseLine } from '../../audit/chain';
import { openLowdbStore } from '../lowdb/lowdb-store';
import type { CaseDocument, Store, StoredHistoryEntry } from '../store';
import { type ChainedRow, canonicalLine } from './access-log';
import { PgImporter } from './importer';
import { openPostgresStore } from './pg-store';

/** Access log lines are copied in batches of this many. */
const LOG_BATCH = 1000;

/** One kind of stored thing, compared between the data folder and the database. */
export interface KindCheck {
  kind: string;
  source: { count: number; sha256: string };
  target: { count: number; sha256: string };
  ok: boolean;
}

export type CopyResult =
  | { copied: false; reason: 'target-not-empty'; tables: string[] }
  | { copied: true; checks: KindCheck[]; ok: boolean; verify: { source: string; target: string } };

/**
 * Copies a lowdb data folder into an empty PostgreSQL database (`npm run migrate-store`) through
 * the Store interfaces, and PgImporter for what must keep its identity (a case's revision and
 * history sequence numbers, the access log's chain, sessions whatever their expiry). Then reads
 * both back and compares each kind by count and SHA-256, so an operator sees the copy is whole.
 */
export async function copyLowdbToPostgres(dataDir: string, url: string): Promise<CopyResult> {
  const importer = await PgImporter.open(url);
  try {
    const tables = await importer.nonEmptyTables();
    if (tables.length > 0) return { copied: false, reason: 'target-not-empty', tables };
    const source = await openLowdbStore(dataDir);
    try {
      const target = await openPostgresStore(url, { poolSize: 2 });
      try {
        const sourceDigests = await copy(dataDir, source, target, importer);
        const targetDigests = await digestTarget(target, importer, sourceDigests.notificationUsers);
        const checks = sourceDigests.kinds.map((kind): KindCheck => {
          const other = targetDigests.get(kind.kind) ?? { count: 0, sha256: '' };
          return {
            kind: kind.kind,
            source: kind.digest,
            target: other,
            ok: kind.digest.count === other.count && kind.digest.sha256 === other.sha256,
          };
        });
        const verify = {
          source: JSON.stringify(await source.accessLog.verify()),
          target: JSON.stringify(await target.accessLog.verify()),
        };
        return {
          copied: true,
          checks,
          verify,
          ok: checks.every((check) => check.ok) && verify.source === verify.target,
        };
      } finally {
        await target.close();
      }
    } finally {
      await source.close();
    }
  } finally {
    await importer.close();
  }
}

/** A running count and SHA-256 over items given in a fixed order. */
class Digest {
  private readonly hash = createHash('sha256');
  count = 0;
  add(item: string, counts = 1): void {
    this.hash.update(item).update('\n');
    this.count += counts;
  }
  result(): { count: number; sha256: string } {
    return { count: this.count, sha256: this.hash.digest('hex') };
  }
}

/** Items keyed by id, digested in id order whatever order they were read in. */
class KeyedDigest {
  private readonly items = new Map<string, string>();
  private count = 0;
  add(key: string, value: unknown, counts = 1): void {
    this.items.set(key, sha256(stableJson(value)));
    this.count += counts;
  }
  result(): { count: number; sha256: string } {
    const digest = new Digest();
    for (const key of [...this.items.keys()].sort()) digest.add(`${key}:${this.items.get(key)}`, 0);
    return { count: this.count, sha256: digest.result().sha256 };
  }
}

interface SourceDigests {
  kinds: Array<{ kind: string; digest: { count: number; sha256: string } }>;
  notificationUsers: string[];
}

async function copy(dataDir: string, source: Store, target: Store, importer: PgImporter): Promise<SourceDigests> {
  const kinds: SourceDigests['kinds'] = [];

  const definitions = new Digest();
  for (const version of await source.definitions.versions()) {
    const xml = await source.definitions.readXml(version.key, version.version);
    if (xml === undefined) throw new Error(`definition ${version.key} version ${version.version} has no XML`);
    await target.definitions.addVersion(version, xml);
    definitions.add(stableJson({ version, xml: sha256(xml) }));
  }
  kinds.push({ kind: 'definitions', digest: definitions.result() });

  const forms = new Digest();
  for (const version of await source.forms.versions()) {
    const schema = await source.forms.readSchema(version.key, version.version);
    if (schema === undefined) throw new Error(`form ${version.key} version ${version.version} has no schema`);
    await target.forms.addVersion(version, schema);
    forms.add(stableJson({ version, schema }));
  }
  kinds.push({ kind: 'forms', digest: forms.result() });

  const users = new KeyedDigest();
  for (const user of await source.users.all()) {
    await target.users.put(user);
    users.add(user.id, user);
  }
  kinds.push({ kind: 'users', digest: users.result() });

  const teams = new KeyedDigest();
  for (const team of await source.teams.all()) {
    await target.teams.put(team);
    teams.add(team.id, team);
  }
  kinds.push({ kind: 'teams', digest: teams.result() });

  const sessionList = await source.sessions.all();
  await importer.importSessions(sessionList);
  const sessions = new KeyedDigest();
  for (const session of sessionList) sessions.add(session.idHash, session);
  kinds.push({ kind: 'sessions', digest: sessions.result() });

  const cases = new KeyedDigest();
  const history = new KeyedDigest();
  const decisions = new KeyedDigest();
  for await (const document of source.cases.all()) {
    const entries = withPending(await source.cases.readHistory(document.caseId), document);
    await importer.importCase(document, entries);
    cases.add(document.caseId, comparable(document));
    history.add(document.caseId, entries, entries.length);
    decisions.add(document.caseId, document.decisions ?? [], (document.decisions ?? []).length);
  }
  kinds.push({ kind: 'cases', digest: cases.result() });
  kinds.push({ kind: 'history entries', digest: history.result() });
  kinds.push({ kind: 'decisions', digest: decisions.result() });
  const quarantined = source.cases.quarantined();
  if (quarantined.length > 0) {
    console.warn(`${quarantined.length} case file(s) of the data folder are in quarantine and were not copied:`);
    for (const file of quarantined) console.warn(`  ${file.movedTo}: ${file.reason}`);
  }

  // Notifications are kept per user; the file also names users that no longer exist.
  const notificationUsers = [
    ...new Set([
      ...(await source.users.all()).map((user) => user.id),
      ...(await source.notifications.usersWithSettings()),
      ...Object.keys(
        readJson<{ items?: Record<string, unknown> }>(path.join(dataDir, 'notifications.json'))?.items ?? {},
      ),
    ]),
  ].sort();
  const notifications = new KeyedDigest();
  for (const userId of notificationUsers) {
    const list = await source.notifications.ofUser(userId);
    if (list.length === 0) continue;
    // Oldest first, so the newest is the newest in the database too.
    await target.notifications.add([...list].reverse());
    notifications.add(userId, list, list.length);
  }
  kinds.push({ kind: 'notifications', digest: notifications.result() });

  const notificationSettings = new KeyedDigest();
  for (const userId of await source.notifications.usersWithSettings()) {
    const settings = await source.notifications.settings(userId);
    if (settings === undefined) continue;
    await target.notifications.putSettings(userId, settings);
    notificationSettings.add(userId, settings);
  }
  kinds.push({ kind: 'notification settings', digest: notificationSettings.result() });

  const overdue = [...(await source.notifications.overdueNotified())].sort();
  await target.notifications.setOverdueNotified(overdue);
  const overdueDigest = new KeyedDigest();
  for (const taskId of overdue) overdueDigest.add(taskId, taskId);
  kinds.push({ kind: 'overdue notices', digest: overdueDigest.result() });

  const settings = new KeyedDigest();
  for (const name of Object.keys(readJson<Record<string, unknown>>(path.join(dataDir, 'settings.json')) ?? {})) {
    const value = await source.settings.get(name);
    if (value === undefined) continue;
    await target.settings.set(name, value);
    settings.add(name, value);
  }
  kinds.push({ kind: 'settings', digest: settings.result() });

  const accessLog = new Digest();
  const legacyFile = path.join(dataDir, 'access-log.legacy.jsonl');
  if (existsSync(legacyFile)) {
    const content = readFileSync(legacyFile);
    await importer.importLegacyAccessLog(content);
    accessLog.add(`legacy:${sha256(content)}`, 0);
  }
  const logFile = path.join(dataDir, 'access-log.jsonl');
  if (existsSync(logFile)) {
    let batch: ChainedRow[] = [];
    let lineNumber = 0;
    for await (const text of createInterface({ input: createReadStream(logFile), crlfDelay: Infinity })) {
      lineNumber += 1;
      if (text.trim() === '') continue;
      const line = asChainedLine(parseLine(text));
      if (!line) throw new Error(`line ${lineNumber} of ${logFile} is not a chained access log line; repair it first`);
      const { prev, hash, ...record } = line;
      const row: ChainedRow = { seq: line.seq, record, prev, hash };
      batch.push(row);
      accessLog.add(canonicalLine(row));
      if (batch.length === LOG_BATCH) {
        await importer.importAccessLog(batch);
        batch = [];
      }
    }
    await importer.importAccessLog(batch);
  }
  kinds.push({ kind: 'access log', digest: accessLog.result() });

  return { kinds, notificationUsers };
}

async function digestTarget(
  target: Store,
  importer: PgImporter,
  notificationUsers: string[],
): Promise<Map<string, { count: number; sha256: string }>> {
  const kinds = new Map<string, { count: number; sha256: string }>();

  const definitions = new Digest();
  for (const version of await target.definitions.versions()) {
    const xml = (await target.definitions.readXml(version.key, version.version)) ?? '';
    definitions.add(stableJson({ version, xml: sha256(xml) }));
  }
  kinds.set('definitions', definitions.result());

  const forms = new Digest();
  for (const version of await target.forms.versions()) {
    const schema = (await target.forms.readSchema(version.key, version.version)) ?? null;
    forms.add(stableJson({ version, schema }));
  }
  kinds.set('forms', forms.result());

  const users = new KeyedDigest();
  for (const user of await target.users.all()) users.add(user.id, user);
  kinds.set('users', users.result());
  const teams = new KeyedDigest();
  for (const team of await target.teams.all()) teams.add(team.id, team);
  kinds.set('teams', teams.result());
  const sessions = new KeyedDigest();
  for (const session of await target.sessions.all()) sessions.add(session.idHash, session);
  kinds.set('sessions', sessions.result());

  const cases = new KeyedDigest();
  const history = new KeyedDigest();
  for await (const document of target.cases.all()) {
    cases.add(document.caseId, comparable(document));
    const entries = await target.cases.readHistory(document.caseId);
    history.add(document.caseId, entries, entries.length);
  }
  kinds.set('cases', cases.result());
  kinds.set('history entries', history.result());
  const byCase = new Map<string, unknown[]>();
  for (const { caseId, record } of await importer.decisions())
    byCase.set(caseId, [...(byCase.get(caseId) ?? []), record]);
  const decisions = new KeyedDigest();
  for await (const document of target.cases.all()) {
    // In the order of the document: the table's order is by id.
    const stored = byCase.get(document.caseId) ?? [];
    const ordered = (document.decisions ?? []).map((decision) =>
      stored.find((record) => (record as { id?: unknown }).id === decision.id),
    );
    decisions.add(document.caseId, ordered, stored.length);
  }
  kinds.set('decisions', decisions.result());

  const notifications = new KeyedDigest();
  for (const userId of notificationUsers) {
    const list = await target.notifications.ofUser(userId);
    if (list.length > 0) notifications.add(userId, list, list.length);
  }
  kinds.set('notifications', notifications.result());
  const notificationSettings = new KeyedDigest();
  for (const userId of await target.notifications.usersWithSettings()) {
    notificationSettings.add(userId, await target.notifications.settings(userId));
  }
  kinds.set('notification settings', notificationSettings.result());
  const overdue = new KeyedDigest();
  for (const taskId of await target.notifications.overdueNotified()) overdue.add(taskId, taskId);
  kinds.set('overdue notices', overdue.result());

  const settings = new KeyedDigest();
  for (const name of await importer.settingNames()) {
    const value = await target.settings.get(name);
    if (value !== undefined) settings.add(name, value);
  }
  kinds.set('settings', settings.result());

  const accessLog = new Digest();
  const legacy = await importer.legacyAccessLog();
  if (legacy) accessLog.add(`legacy:${sha256(legacy)}`, 0);
  for await (const row of importer.accessLog()) accessLog.add(canonicalLine(row));
  kinds.set('access log', accessLog.result());
  return kinds;
}

/** A case as both stores must hold it: history waiting in the document is in the history instead. */
function comparable(document: CaseDocument): CaseDocument {
  return { ...document, revision: document.revision ?? 0, pendingHistory: [] };
}

/** The case's history: the log, and entries its document holds that the log lacks (after a crash). */
function withPending(logged: StoredHistoryEntry[], document: CaseDocument): StoredHistoryEntry[] {
  const last = logged.length > 0 ? logged[logged.length - 1]!.seq : 0;
  return [...logged, ...document.pendingHistory.filter((entry) => entry.seq > last)];
}

function readJson<T>(file: string): T | undefined {
  if (!existsSync(file)) return undefined;
  return JSON.parse(readFileSync(file, 'utf8')) as T;
}

function sha256(value: string | Buffer): string {
  return createHash('sha256').update(value).digest('hex');
}

/** JSON with every object's keys sorted, so two stores that order keys differently compare equal. */
export function stableJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map((item: unknown) => stableJson(item ?? null)).join(',')}]`;
  const object = value as Record<string, unknown>;
  const fields = Object.keys(object)
    .sort()
    .filter((key) => object[key] !== undefined)
    .map((key) => `${JSON.stringify(key)}:${stableJson(object[key])}`);
  return `{${fields.join(',')}}`;
}
