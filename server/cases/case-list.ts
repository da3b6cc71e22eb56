import { currentOrigin } from '../audit/request-context';
import { canSeeCase } from '../auth/access';
import {
  CASE_LIST_DEFAULT_LIMIT,
  CASE_LIST_MAX_LIMIT,
  type CaseList,
  type CaseStep,
  type CaseSummary,
  type User,
} from '../contract/api';
import type { DefinitionRegistry } from '../definitions/definition-registry';
import { InvalidInputError } from '../domain/errors';
import type { Store } from '../store/store';
import { isCalendarDay } from '../time/calendar-day';
import type { Clock } from '../time/clock';
import type { CaseIndex } from './case-index';
import { type CasePosition, type IndexedCase, searchKey } from './case-summary-index';
import { visibleCase } from './case-visibility';
import { calendarDay, caseYouth } from './case-youth';

export interface CaseListQuery {
  q?: string;
  team?: string;
  definitionKey?: string;
  state?: 'open' | 'closed';
  overdue?: boolean;
  regisseurMe?: boolean;
  cursor?: string;
  limit?: string;
}

export interface CaseListDeps {
  index: CaseIndex;
  store: Store;
  clock: Clock;
  definitions: DefinitionRegistry;
  findUser: (userId: string) => User | undefined;
}

/** What `q` asks for: a date of birth, or text that may be a case number or initials. */
type Search = { birthDate: string } | { caseIdPrefix: string; initials?: string };

/**
 * The case list (GET /api/cases) and the case summary that the list, assigning a regievoerder and
 * closing answer with. It reads only the in-memory case-summary index (no case document is
 * loaded), and writes every case it shows to the access log (NEN 7513), like any read of a case.
 */
export class CaseListQueries {
  constructor(private readonly deps: CaseListDeps) {}

  async list(user: User, query: CaseListQuery): Promise<CaseList> {
    const limit = parseLimit(query.limit);
    const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
    const search = query.q === undefined ? undefined : parseSearch(query.q);
    const now = this.deps.clock.now();
    const nowMs = now.getTime();
    const page: IndexedCase[] = [];
    let more = false;
    for (const entry of this.deps.index.summaries.newestFirst(after)) {
      if (!canSeeCase(user, entry)) continue;
      if (query.team !== undefined && entry.team !== query.team) continue;
      if (query.definitionKey !== undefined && !entry.definitionKeys.includes(query.definitionKey)) continue;
      if (query.state === 'open' && entry.closedAt) continue;
      if (query.state === 'closed' && !entry.closedAt) continue;
      if (query.overdue && !isOverdue(entry, nowMs)) continue;
      if (query.regisseurMe && entry.regisseur !== user.id) continue;
      if (search && !matches(entry, search)) continue;
      if (page.length === limit) {
        more = true;
        break;
      }
      page.push(entry);
    }
    const items = await this.summaries(page, now);
    await this.logShown(
      user,
      items.map((item) => item.caseId),
      now,
    );
    const last = page[page.length - 1];
    return { items, ...(more && last ? { nextCursor: encodeCursor(last) } : {}) };
  }

  /** One case's summary, for a user who may see it (404 otherwise); an action's answer, so not logged as a read. */
  async summary(user: User, caseId: string): Promise<CaseSummary> {
    visibleCase(this.deps.index, user, caseId);
    const entry = this.deps.index.summaries.get(caseId);
    if (!entry) throw new Error(`case ${caseId} is not in the case-summary index`);
    const [summary] = await this.summaries([entry], this.deps.clock.now());
    return summary!;
  }

  private async summaries(entries: IndexedCase[], now: Date): Promise<CaseSummary[]> {
    const today = calendarDay(now);
    const nowMs = now.getTime();
    const names = await this.elementNames(entries);
    return entries.map((entry) => {
      const regisseur = entry.regisseur
        ? { id: entry.regisseur, name: this.deps.findUser(entry.regisseur)?.name ?? entry.regisseur }
        : undefined;
      return {
        caseId: entry.caseId,
        team: entry.team,
        jeugdige: caseYouth(entry.youth, today),
        ...(regisseur ? { regisseur } : {}),
        openedAt: entry.openedAt,
        ...(entry.closedAt ? { closedAt: entry.closedAt } : {}),
        state: entry.closedAt ? 'closed' : 'open',
        currentSteps: entry.steps.map(
          (step): CaseStep => ({
            instanceId: step.instanceId,
            definitionKey: step.definitionKey,
            elementId: step.elementId,
            name:
              step.name ??
              names.get(`${step.definitionKey}@${step.version}`)?.get(step.elementId)?.name ??
              step.elementId,
            ...(step.dueAt ? { dueAt: step.dueAt } : {}),
            kind: step.kind,
          }),
        ),
        overdue: isOverdue(entry, nowMs),
      };
    });
  }

  /** Element names of the diagram versions the page's waiting steps are in, each model read once. */
  private async elementNames(
    entries: IndexedCase[],
  ): Promise<Map<string, ReadonlyMap<string, { name: string }> | undefined>> {
    const names = new Map<string, ReadonlyMap<string, { name: string }> | undefined>();
    for (const step of entries.flatMap((entry) => entry.steps)) {
      const key = `${step.definitionKey}@${step.version}`;
      if (step.kind !== 'wait' || names.has(key)) continue;
      const model = await this.deps.definitions.model(step.definitionKey, step.version).catch(() => undefined);
      names.set(key, model?.elements);
    }
    return names;
  }

  /**
   * Awaited before the page is answered; the first write that fails refuses the page. One after
   * the other, as for any list (see CaseQueries.logListed).
   */
  private async logShown(user: User, caseIds: string[], now: Date): Promise<void> {
    const at = now.toISOString();
    for (const caseId of caseIds) {
      await this.deps.store.accessLog.record({
        at,
        userId: user.id,
        action: 'read',
        resource: 'case-list',
        caseId,
        ...currentOrigin(),
      });
    }
  }
}

function isOverdue(entry: IndexedCase, nowMs: number): boolean {
  return entry.earliestDue !== undefined && entry.earliestDue < nowMs;
}

function matches(entry: IndexedCase, search: Search): boolean {
  if ('birthDate' in search) return entry.youth.geboortedatum === search.birthDate;
  if (entry.caseIdKey.startsWith(search.caseIdPrefix)) return true;
  return search.initials !== undefined && entry.initialsKey.startsWith(search.initials);
}

function parseLimit(limit: string | undefined): number {
  if (limit === undefined) return CASE_LIST_DEFAULT_LIMIT;
  const value = Number(limit);
  if (!Number.isInteger(value) || value < 1 || value > CASE_LIST_MAX_LIMIT) {
    const message = `Geef een aantal van 1 tot en met ${CASE_LIST_MAX_LIMIT}.`;
    throw new InvalidInputError(`limit "${limit}" is ongeldig: ${message}`, [
      { path: 'limit', code: 'limit', message },
    ]);
  }
  return value;
}

/** A cursor is the position of the last case shown: opaque to clients, base64url of JSON. */
function encodeCursor(entry: CasePosition): string {
  return Buffer.from(JSON.stringify([entry.openedAt, entry.caseId]), 'utf8').toString('base64url');
}

function decodeCursor(cursor: string): CasePosition {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    value = undefined;
  }
  if (
    Array.isArray(value) &&
    value.length === 2 &&
    typeof value[0] === 'string' &&
    typeof value[1] === 'string' &&
    !Number.isNaN(Date.parse(value[0]))
  ) {
    return { openedAt: value[0], caseId: value[1] };
  }
  const message = 'Deze cursor is ongeldig; begin opnieuw bij de eerste pagina.';
  throw new InvalidInputError(message, [{ path: 'cursor', code: 'cursor', message }]);
}

const DUTCH_DATE = /^(\d{1,2})-(\d{1,2})-(\d{4})$/;
const ISO_DATE = /^(\d{4})-(\d{1,2})-(\d{1,2})$/;

/**
 * A date of birth typed the Dutch way (dd-mm-jjjj) or as ISO (jjjj-mm-dd), else text. A date that
 * does not exist (31-02-2012) is refused rather than read as another day or as text that finds
 * nothing: the user mistyped, and should hear so.
 */
function parseSearch(q: string): Search | undefined {
  const text = q.trim();
  if (!text) return undefined;
  const dutch = DUTCH_DATE.exec(text);
  const iso = dutch ? null : ISO_DATE.exec(text);
  if (dutch || iso) {
    const [year, month, day] = dutch
      ? [Number(dutch[3]), Number(dutch[2]), Number(dutch[1])]
      : [Number(iso![1]), Number(iso![2]), Number(iso![3])];
    if (!isCalendarDay(year, month, day)) {
      const message = `"${text}" is geen bestaande datum; typ een geboortedatum als dd-mm-jjjj.`;
      throw new InvalidInputError(message, [{ path: 'q', code: 'date', message }]);
    }
    return { birthDate: new Date(Date.UTC(year, month - 1, day)).toISOString().slice(0, 10) };
  }
  // Only letters, dots and spaces can be initials; "C-3N" is a case number only.
  const initials = /^[\p{L}.\s]+$/u.test(text) ? searchKey(text) : undefined;
  return { caseIdPrefix: text.toLowerCase(), ...(initials ? { initials } : {}) };
}
