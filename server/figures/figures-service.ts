import type { TeamRegistry } from '../cases/team-registry';
import { tellOthers } from '../cluster/tell-others';
import {
  FIGURE_KEYS,
  FIGURE_TARGETS,
  type FigureKey,
  type Figures,
  type FiguresQuery,
  type FigureTargets,
  type FigureTargetsUpdate,
  type FigureTargetValues,
  type User,
} from '../contract/api';
import { amsterdamDay } from '../decisions/days';
import { ForbiddenError, InvalidInputError } from '../domain/errors';
import { type Cluster, singleNode } from '../store/cluster';
import type { Store } from '../store/store';
import { isCalendarDay } from '../time/calendar-day';
import type { Clock } from '../time/clock';
import type { FigureFactsIndex } from './figure-facts-index';
import { aggregate, type FiguresFilter } from './figures-query';

export const TARGETS_SETTING = 'figureTargets';
const DAY = 86_400_000;
/** A longer period would only make a longer trend; two decades is beyond any steering question. */
const MAX_PERIOD_DAYS = 366 * 20;

interface StoredTargets {
  values: Partial<Record<FigureKey, number>>;
  at: string | null;
  by: string | null;
}

export interface FiguresServiceDeps {
  facts: FigureFactsIndex;
  teams: TeamRegistry;
  clock: Clock;
  settings: Store['settings'];
  /** The nodes sharing the store, told when the targets change (by default, none). */
  cluster?: Cluster;
}

/**
 * The steering figures (DOMAIN.md §5) and their target values: aggregates only. Who may ask is
 * the route table's business; which teams they may see is decided here (a teamleider only their
 * own teams, the other reader roles every team).
 */
export class FiguresService {
  private stored: StoredTargets = { values: {}, at: null, by: null };

  constructor(private readonly deps: FiguresServiceDeps) {}

  /** Reads the targets; again after another node on the same store changed them. */
  async load(): Promise<void> {
    const raw = await this.deps.settings.get(TARGETS_SETTING);
    if (isStoredTargets(raw)) this.stored = { values: cleanTargets(raw.values), at: raw.at, by: raw.by };
  }

  figures(user: User, query: FiguresQuery): Figures {
    const now = this.deps.clock.now();
    // Without a period the figures run to the Dutch today, as the teams count days.
    const to = parseDay(query.to ?? amsterdamDay(now), 'to');
    const from = query.from ? parseDay(query.from, 'from') : defaultFrom(to);
    if (from > to) {
      throw new InvalidInputError('"from" ligt na "to".', [
        { path: 'from', code: 'period', message: 'De begindatum ligt na de einddatum.' },
      ]);
    }
    if ((to - from) / DAY > MAX_PERIOD_DAYS) {
      throw new InvalidInputError('De periode is te lang.', [
        { path: 'from', code: 'period', message: 'Kies een periode van hoogstens twintig jaar.' },
      ]);
    }
    const teams = this.teamsFor(user, query);
    const filter: FiguresFilter = {
      from,
      until: to + DAY,
      teams,
      ...(query.taakgebied ? { taakgebied: query.taakgebied } : {}),
      now: now.getTime(),
      months: monthsOf(from, to),
    };
    const figures = aggregate(this.deps.facts.all(), filter, this.deps.facts.steps.all());
    return {
      from: dayString(from),
      to: dayString(to),
      berekendOp: now.toISOString(),
      filters: {
        teams: [...teams].sort(),
        ...(query.region !== undefined ? { region: query.region } : {}),
        ...(query.taakgebied ? { taakgebied: query.taakgebied } : {}),
      },
      ...figures,
      doelwaarden: this.targetValues(),
    };
  }

  targets(): FigureTargets {
    return { doelwaarden: this.targetValues(), gewijzigdOp: this.stored.at, gewijzigdDoor: this.stored.by };
  }

  /** Durable first, then visible. */
  async setTargets(user: User, update: FigureTargetsUpdate): Promise<FigureTargets> {
    const values = { ...this.stored.values };
    for (const key of FIGURE_KEYS) {
      const value = update[key];
      if (value === null) delete values[key];
      else if (typeof value === 'number') values[key] = value;
    }
    const next: StoredTargets = { values, at: this.deps.clock.now().toISOString(), by: user.name };
    await this.deps.settings.set(TARGETS_SETTING, next);
    this.stored = next;
    await tellOthers(this.deps.cluster ?? singleNode(), { kind: 'settings', name: TARGETS_SETTING });
    return this.targets();
  }

  private targetValues(): FigureTargetValues {
    const result: FigureTargetValues = {};
    for (const key of FIGURE_KEYS) {
      const waarde = this.stored.values[key];
      if (waarde === undefined) continue;
      const { richting, eenheid, label } = FIGURE_TARGETS[key];
      result[key] = { waarde, richting, eenheid, label };
    }
    return result;
  }

  /**
   * The teams the figures cover: every registered team, narrowed by `team` and `region`. A
   * teamleider without another reader role sees only their own teams; naming another team is
   * refused (403), so they never mistake an empty answer for a quiet team.
   */
  private teamsFor(user: User, query: FiguresQuery): Set<string> {
    const all = this.deps.teams.all();
    if (query.team !== undefined && !this.deps.teams.get(query.team)) {
      throw new InvalidInputError(`Onbekend team "${query.team}".`, [
        { path: 'team', code: 'team', message: 'Dit team bestaat niet.' },
      ]);
    }
    if (query.region !== undefined && !all.some((team) => team.region === query.region)) {
      throw new InvalidInputError(`Onbekende regio "${query.region}".`, [
        { path: 'region', code: 'region', message: 'Deze regio bestaat niet.' },
      ]);
    }
    const ownTeamsOnly =
      user.roles.includes('teamleider') &&
      !user.roles.some((role) => role === 'beleidsmedewerker' || role === 'bestuurder' || role === 'proceseigenaar');
    if (ownTeamsOnly && query.team !== undefined && !user.teams.includes(query.team)) {
      throw new ForbiddenError('U ziet alleen de cijfers van uw eigen teams.');
    }
    return new Set(
      all
        .filter((team) => !ownTeamsOnly || user.teams.includes(team.id))
        .filter((team) => query.team === undefined || team.id === query.team)
        .filter((team) => query.region === undefined || team.region === query.region)
        .map((team) => team.id),
    );
  }
}

function parseDay(value: string, field: 'from' | 'to'): number {
  const [year, month, day] = value.split('-').map(Number) as [number, number, number];
  if (!isCalendarDay(year, month, day)) {
    throw new InvalidInputError(`"${field}" is geen bestaande datum: ${value}.`, [
      { path: field, code: 'date', message: 'Deze datum bestaat niet.' },
    ]);
  }
  return Date.UTC(year, month - 1, day);
}

const dayString = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** Twelve whole months back: from the day after the same day a year earlier. */
function defaultFrom(to: number): number {
  const date = new Date(to);
  return Date.UTC(date.getUTCFullYear() - 1, date.getUTCMonth(), date.getUTCDate()) + DAY;
}

function monthsOf(from: number, to: number): FiguresFilter['months'] {
  const months: FiguresFilter['months'] = [];
  const first = new Date(from);
  let year = first.getUTCFullYear();
  let month = first.getUTCMonth();
  for (;;) {
    const start = Math.max(from, Date.UTC(year, month, 1));
    if (start > to) break;
    months.push({ start, label: `${year}-${String(month + 1).padStart(2, '0')}` });
    month++;
    if (month === 12) {
      month = 0;
      year++;
    }
  }
  return months;
}

function isStoredTargets(value: unknown): value is StoredTargets {
  return typeof value === 'object' && value !== null && 'values' in value && typeof value.values === 'object';
}

/** Only known keys with numbers in range survive a hand-edited settings file. */
function cleanTargets(values: unknown): Partial<Record<FigureKey, number>> {
  const clean: Partial<Record<FigureKey, number>> = {};
  if (typeof values !== 'object' || values === null) return clean;
  for (const key of FIGURE_KEYS) {
    const value: unknown = (values as Record<string, unknown>)[key];
    const { min, max } = FIGURE_TARGETS[key];
    if (typeof value === 'number' && value >= min && value <= max) clean[key] = value;
  }
  return clean;
}
