/**
 * Seeding: fills a store with copies of cases the server made, while the server is stopped, through
 * the store's own interface (`openStore`, `store.cases.load` / `readHistory` / `commit`). Growing to
 * 100,000 cases over HTTP takes about a quarter of an hour per store; a copy is written the way the
 * server writes a case it starts (one durable commit with its history), in a fraction of that time.
 *
 * A copy is its template with every id that names something in it replaced, consistently across the
 * document and its history: the case id (a fresh `C-` number), each instance id (keys, `id`, the
 * tasks' and timers' `instanceId`, parent/child links, history entries, anything in the engine's
 * state that names it), each task, timer, decision and incident id. Dates, variables and the engine
 * state stay as the server made them; the revision is left out (a new case) and pendingHistory
 * emptied (the store files the history given to the commit as it does for any new case).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { openStore } from '../server/store/open-store';
import { StaleCaseError } from '../server/store/storage-error';
import type { CaseDocument, StoredHistoryEntry } from '../server/store/store';
import { log } from './support';

/** The server's own case number shape (server/cases/case-start.ts): C- and 8 unambiguous characters. */
const CASE_ID_ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';

function newCaseId(taken: Set<string>): string {
  for (;;) {
    const bytes = randomBytes(8);
    const id = `C-${[...bytes].map((byte) => CASE_ID_ALPHABET[byte % CASE_ID_ALPHABET.length]).join('')}`;
    if (!taken.has(id)) return id;
  }
}

/**
 * A template split at each occurrence of the ids it names, so a copy is the parts joined with fresh
 * ids and parsed once: no id can be missed in a nested place, and no other text is touched.
 */
interface Template {
  caseId: string;
  parts: string[];
  /** For each gap between parts, which id slot fills it (slot 0: the case id; the others get UUIDs). */
  slots: number[];
  slotCount: number;
}

function templateOf(document: CaseDocument, history: StoredHistoryEntry[]): Template {
  const { revision: _revision, pendingHistory: _pending, ...rest } = document;
  const ids = new Set<string>([document.caseId]);
  for (const id of Object.keys(document.instances)) ids.add(id);
  for (const id of Object.keys(document.tasks)) ids.add(id);
  for (const id of Object.keys(document.timers)) ids.add(id);
  for (const decision of document.decisions ?? []) ids.add(decision.id);
  for (const incident of document.incidents ?? []) ids.add(incident.id);
  const slotOf = new Map([...ids].map((id, index) => [id, index]));
  const escaped = [...ids].map((id) => id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  // Longest first, so an id that is a prefix of another never cuts the longer one.
  escaped.sort((a, b) => b.length - a.length);
  const pattern = new RegExp(escaped.join('|'), 'g');
  const text = JSON.stringify({ document: { ...rest, pendingHistory: [] }, history });
  const parts: string[] = [];
  const slots: number[] = [];
  let last = 0;
  for (const match of text.matchAll(pattern)) {
    parts.push(text.slice(last, match.index));
    slots.push(slotOf.get(match[0])!);
    last = match.index + match[0].length;
  }
  parts.push(text.slice(last));
  return { caseId: document.caseId, parts, slots, slotCount: ids.size };
}

function copyOf(template: Template, caseId: string): { document: CaseDocument; history: StoredHistoryEntry[] } {
  const fresh = Array.from({ length: template.slotCount }, (_, slot) => (slot === 0 ? caseId : randomUUID()));
  let text = template.parts[0]!;
  for (let index = 0; index < template.slots.length; index++) {
    text += fresh[template.slots[index]!]! + template.parts[index + 1]!;
  }
  return JSON.parse(text) as { document: CaseDocument; history: StoredHistoryEntry[] };
}

export interface SeedOptions {
  /** The lowdb data folder (also used, for its other files, when databaseUrl is set). */
  dataDir: string;
  /** The PostgreSQL store's URL; absent: the lowdb store in dataDir. */
  databaseUrl?: string;
  /** Cases the server made, to copy (each should have an open task). */
  templateIds: string[];
  /** How many copies to commit. */
  count: number;
  /** Every case id already in the store (copies get other ids); the new ids are added. */
  taken: Set<string>;
  /** Commits in flight at once. */
  concurrency: number;
}

/** Commits `count` copies of the templates; answers the new case ids. The server must be stopped. */
export async function seedCases(
  options: SeedOptions,
): Promise<{ caseIds: string[]; seconds: number; templates: number }> {
  const started = performance.now();
  const store = await openStore({
    dataDir: options.dataDir,
    ...(options.databaseUrl ? { database: { url: options.databaseUrl, poolSize: options.concurrency } } : {}),
  });
  const caseIds: string[] = [];
  const templates: Template[] = [];
  try {
    for (const templateId of options.templateIds) {
      const document = await store.cases.load(templateId);
      if (!document) throw new Error(`template case ${templateId} is not in the store`);
      // Only cases waiting for someone to pick up their task: a copy is claimed like any other.
      const open = Object.values(document.tasks).filter((task) => task.state === 'open');
      if (document.closed || open.length === 0 || open.some((task) => task.assignee !== undefined)) continue;
      const logged = await store.cases.readHistory(templateId);
      const lastLogged = logged.length > 0 ? logged[logged.length - 1]!.seq : 0;
      // As copy-from-lowdb does: entries still waiting in the document belong to the history too.
      const history = [...logged, ...document.pendingHistory.filter((entry) => entry.seq > lastLogged)];
      templates.push(templateOf(document, history));
    }
    if (templates.length === 0) throw new Error('none of the template cases has an open, unclaimed task');
    log(`  ${templates.length} template cases, ${options.count.toLocaleString('en')} copies to commit`);
    let next = 0;
    const progressEvery = Math.max(1000, Math.round(options.count / 10 / 1000) * 1000);
    const worker = async () => {
      while (next < options.count) {
        const template = templates[next % templates.length]!;
        next++;
        for (let attempt = 1; ; attempt++) {
          const caseId = newCaseId(options.taken);
          options.taken.add(caseId);
          const { document, history } = copyOf(template, caseId);
          try {
            await store.cases.commit(document, history);
            caseIds.push(caseId);
            break;
          } catch (error) {
            // A case number the bench did not know of (made by a throughput client): take another.
            if (!(error instanceof StaleCaseError) || attempt >= 3) throw error;
          }
        }
        if (caseIds.length % progressEvery === 0) log(`  seeded ${caseIds.length.toLocaleString('en')} cases`);
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, options.concurrency) }, worker));
  } finally {
    await store.close();
  }
  return { caseIds, seconds: (performance.now() - started) / 1000, templates: templates.length };
}
