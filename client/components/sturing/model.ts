import { PROCESS_NAMES, teamName } from '../../app/session';
import { SUPPRESSED_TEXT, type TableCell, type TableData } from './data-table';
import type { ChartSpec } from './figure-chart';
import type { Figures } from './figures-types';
import { formatDays, formatHours, formatNumber, formatPercent, monthLabel, share } from './format';

/**
 * What the page shows, derived from one GET /api/figures answer: the tiles, the tables and the
 * charts. Kept apart from the components so the page, its CSV and its charts can never disagree.
 */

export type Better = 'higher' | 'lower';

export interface TargetSpec {
  key: string;
  label: string;
  unit: 'aantal' | 'dagen' | 'procent';
  better: Better;
}

/** The figures that have a doelwaarde, in the order of the tiles. */
export const TARGETS: readonly TargetSpec[] = [
  { key: 'aanmeldingen', label: 'Aanmeldingen', unit: 'aantal', better: 'lower' },
  { key: 'doorlooptijdP50', label: 'Doorlooptijd aanmelding → start hulp (mediaan)', unit: 'dagen', better: 'lower' },
  { key: 'doorlooptijdP90', label: 'Doorlooptijd aanmelding → start hulp (p90)', unit: 'dagen', better: 'lower' },
  { key: 'wachtBeschikkingP50', label: 'Wacht beschikking → start hulp (mediaan)', unit: 'dagen', better: 'lower' },
  { key: 'mdoOvereenstemmingPct', label: 'MDO met overeenstemming de eerste keer', unit: 'procent', better: 'higher' },
  { key: 'crisisBinnen24uurPct', label: 'Crisisinterventies binnen 24 uur', unit: 'procent', better: 'higher' },
  { key: 'plaatsingInEenKeerPct', label: 'Plaatsingen in één keer goed', unit: 'procent', better: 'higher' },
  { key: 'overTermijnPct', label: 'Open taken over termijn', unit: 'procent', better: 'lower' },
  { key: 'binnenTermijnPct', label: 'Stappen binnen termijn', unit: 'procent', better: 'higher' },
];

export function formatValue(unit: TargetSpec['unit'], value: number | null | undefined): string {
  if (unit === 'dagen') return formatDays(value);
  if (unit === 'procent') return formatPercent(value);
  return formatNumber(value);
}

export type TargetState = 'gehaald' | 'niet-gehaald' | 'geen-doel' | 'geen-gegevens';

export function targetState(value: number | null, target: number | null | undefined, better: Better): TargetState {
  if (target === null || target === undefined) return 'geen-doel';
  if (value === null) return 'geen-gegevens';
  return (better === 'higher' ? value >= target : value <= target) ? 'gehaald' : 'niet-gehaald';
}

export interface Tile {
  key: string;
  title: string;
  value: string;
  /** A second line under the value, e.g. the p90 or what the percentage is of. */
  detail?: string;
  target?: string;
  state: TargetState;
}

function target(figures: Figures, key: string): number | null {
  return figures.doelwaarden?.[key] ?? null;
}

function tile(figures: Figures, key: string, title: string, value: number | null, detail?: string): Tile {
  const spec = TARGETS.find((item) => item.key === key)!;
  const goal = target(figures, key);
  return {
    key,
    title,
    value: formatValue(spec.unit, value),
    ...(detail ? { detail } : {}),
    ...(goal !== null
      ? { target: `${spec.better === 'higher' ? 'minstens' : 'hoogstens'} ${formatValue(spec.unit, goal)}` }
      : {}),
    state: targetState(value, goal, spec.better),
  };
}

export function tiles(figures: Figures): Tile[] {
  const { toeleiding, mdo, crisis, plaatsingen, taken } = figures;
  const wait = figures.wachtBeschikking;
  const placed = plaatsingen.geplaatst;
  return [
    tile(
      figures,
      'aanmeldingen',
      'Aanmeldingen',
      toeleiding.aanmeldingen,
      `${formatNumber(toeleiding.hulpGestart)} keer hulp gestart`,
    ),
    tile(
      figures,
      'doorlooptijdP50',
      'Doorlooptijd aanmelding → start hulp',
      toeleiding.doorlooptijdDagen.p50,
      `mediaan; 90% binnen ${formatDays(toeleiding.doorlooptijdDagen.p90)}`,
    ),
    tile(
      figures,
      'wachtBeschikkingP50',
      'Wacht beschikking → start hulp',
      wait?.p50 ?? null,
      `mediaan; 90% binnen ${formatDays(wait?.p90 ?? null)}`,
    ),
    tile(
      figures,
      'mdoOvereenstemmingPct',
      'MDO: overeenstemming de eerste keer',
      share(mdo.overeenstemmingEersteKeer, mdo.gehouden),
      `${formatNumber(mdo.overeenstemmingEersteKeer)} van ${formatNumber(mdo.gehouden)} MDO’s`,
    ),
    tile(
      figures,
      'crisisBinnen24uurPct',
      'Crisis binnen 24 uur',
      share(crisis.binnen24uur, crisis.totaal),
      `${formatNumber(crisis.binnen24uur)} van ${formatNumber(crisis.totaal)} crisisinterventies`,
    ),
    tile(
      figures,
      'plaatsingInEenKeerPct',
      'Plaatsingen in één keer goed',
      plaatsingen.inEenKeerGoed === undefined ? null : share(plaatsingen.inEenKeerGoed, placed),
      `${formatNumber(plaatsingen.inEenKeerGoed ?? null)} van ${formatNumber(placed)} plaatsingen`,
    ),
    tile(
      figures,
      'overTermijnPct',
      'Over termijn',
      share(taken.overTermijn, taken.open),
      `${formatNumber(taken.overTermijn)} van ${formatNumber(taken.open)} open taken`,
    ),
  ];
}

const TRIAGE_NAMES: Record<string, string> = {
  'geen-jeugdhulp': 'Geen jeugdhulp nodig',
  'sociale-basis': 'Sociale basis',
  'hulp-binnen-slt': 'Hulp binnen het SLT',
  'niet-vrij-toegankelijk': 'Niet vrij toegankelijke jeugdhulp',
  'gemeentelijk-sociaal-domein': 'Gemeentelijk sociaal domein',
};

const LEVEL_NAMES: Record<string, string> = {
  '1': 'Niveau 1: teamleider',
  '2': 'Niveau 2: Regionaal Expertteam',
  '3': 'Niveau 3: bestuurder',
  '4': 'Niveau 4: bovenregionaal',
};

const cell = (text: string): TableCell => ({ text });
const count = (value: number | null | undefined): TableCell =>
  value === null ? { text: SUPPRESSED_TEXT, suppressed: true } : cell(formatNumber(value));

export function triageTable(figures: Figures): TableData {
  const total = Object.values(figures.triage).reduce((sum, value) => sum + value, 0);
  const keys = [...Object.keys(TRIAGE_NAMES), ...Object.keys(figures.triage).filter((key) => !(key in TRIAGE_NAMES))];
  return {
    title: 'Triage-uitkomsten',
    columns: ['Uitkomst', 'Aantal', 'Aandeel'],
    rows: keys.map((key) => {
      const value = figures.triage[key] ?? 0;
      return {
        key,
        header: TRIAGE_NAMES[key] ?? key,
        cells: [cell(formatNumber(value)), cell(formatPercent(share(value, total)))],
      };
    }),
  };
}

export function mdoTable(figures: Figures): TableData {
  const { mdo } = figures;
  return {
    title: 'MDO’s',
    columns: ['MDO’s', 'Aantal'],
    rows: [
      { key: 'gehouden', header: 'Gehouden', cells: [cell(formatNumber(mdo.gehouden))] },
      {
        key: 'overeenstemmingEersteKeer',
        header: 'Overeenstemming de eerste keer',
        cells: [cell(formatNumber(mdo.overeenstemmingEersteKeer))],
      },
      { key: 'opnieuwGepland', header: 'Opnieuw gepland', cells: [cell(formatNumber(mdo.opnieuwGepland))] },
      { key: 'geescaleerd', header: 'Geëscaleerd', cells: [cell(formatNumber(mdo.geescaleerd))] },
    ],
  };
}

export function escalationTable(figures: Figures): TableData {
  const levels = figures.escalaties.perNiveau;
  return {
    title: 'Escalaties per niveau van besluit',
    columns: ['Besloten op', 'Aantal'],
    rows: Object.keys(LEVEL_NAMES).map((level) => ({
      key: level,
      header: LEVEL_NAMES[level]!,
      cells: [cell(formatNumber(levels[level] ?? 0))],
    })),
  };
}

export function crisisTable(figures: Figures): TableData {
  const { crisis } = figures;
  return {
    title: 'Crisisinterventies',
    columns: ['Crisisinterventies', 'Aantal'],
    rows: [
      { key: 'totaal', header: 'Totaal', cells: [cell(formatNumber(crisis.totaal))] },
      { key: 'binnen24uur', header: 'Binnen 24 uur', cells: [cell(formatNumber(crisis.binnen24uur))] },
    ],
  };
}

export function placementTable(figures: Figures): TableData {
  const p = figures.plaatsingen;
  return {
    title: 'Plaatsingen',
    columns: ['Plaatsingscoördinatie', 'Aantal'],
    rows: [
      { key: 'geplaatst', header: 'Geplaatst', cells: [cell(formatNumber(p.geplaatst))] },
      ...(p.inEenKeerGoed !== undefined
        ? [{ key: 'inEenKeerGoed', header: 'In één keer goed', cells: [cell(formatNumber(p.inEenKeerGoed))] }]
        : []),
      { key: 'ambulant', header: 'Ambulant alternatief gevonden', cells: [cell(formatNumber(p.ambulant))] },
      { key: 'geescaleerd', header: 'Geëscaleerd', cells: [cell(formatNumber(p.geescaleerd))] },
      { key: 'overbrugging', header: 'Overbruggingszorg ingezet', cells: [cell(formatNumber(p.overbrugging))] },
      {
        key: 'matchingrondes',
        header: 'Matchingrondes per plaatsing (mediaan)',
        cells: [cell(formatNumber(p.matchingrondes.p50))],
      },
    ],
  };
}

export function teamTable(figures: Figures): TableData {
  const teams = Object.entries(figures.taken.perTeam).sort(([a], [b]) => teamName(a).localeCompare(teamName(b), 'nl'));
  return {
    title: 'Open taken en over termijn per team',
    columns: ['Team', 'Open', 'Over termijn'],
    rows: teams.map(([team, value]) => ({
      key: team,
      header: teamName(team),
      cells: [count(value.open), count(value.overTermijn)],
    })),
    empty: 'geen open taken in deze selectie.',
  };
}

export function stepTable(figures: Figures): TableData {
  return {
    title: 'Stappen: doorlooptijd en binnen termijn',
    columns: ['Stap', 'Proces', 'Afgerond', 'Doorlooptijd (mediaan)', 'Binnen termijn'],
    rows: figures.stappen.map((step) => ({
      key: `${step.definitionKey}:${step.elementId}`,
      header: step.name,
      cells: [
        cell(PROCESS_NAMES[step.definitionKey] ?? step.definitionKey),
        cell(formatNumber(step.afgerond)),
        cell(formatHours(step.p50Uren)),
        cell(formatPercent(step.binnenTermijnPct)),
      ],
    })),
    empty: 'nog geen afgeronde stappen in deze periode.',
  };
}

export function trendTable(figures: Figures): TableData {
  return {
    title: 'Per maand: aanmeldingen, hulp gestart en doorlooptijd',
    columns: ['Maand', 'Aanmeldingen', 'Hulp gestart', 'Doorlooptijd (mediaan)'],
    rows: (figures.trend ?? []).map((month) => ({
      key: month.maand,
      header: monthLabel(month.maand),
      cells: [
        cell(formatNumber(month.aanmeldingen)),
        cell(formatNumber(month.hulpGestart)),
        cell(formatDays(month.doorlooptijdDagenP50)),
      ],
    })),
  };
}

export function trendChart(figures: Figures): ChartSpec {
  const trend = figures.trend ?? [];
  const total = (pick: (month: (typeof trend)[number]) => number) => trend.reduce((sum, month) => sum + pick(month), 0);
  return {
    kind: 'line',
    labels: trend.map((month) => monthLabel(month.maand)),
    series: [
      { label: 'Aanmeldingen', data: trend.map((month) => month.aanmeldingen) },
      { label: 'Hulp gestart', data: trend.map((month) => month.hulpGestart), dashed: true },
    ],
    yTitle: 'Aantal',
    summary:
      trend.length === 0
        ? 'Lijngrafiek per maand: geen gegevens in deze periode.'
        : `Lijngrafiek per maand van ${monthLabel(trend[0]!.maand)} tot en met ${monthLabel(trend[trend.length - 1]!.maand)}: ` +
          `${formatNumber(total((month) => month.aanmeldingen))} aanmeldingen en ${formatNumber(total((month) => month.hulpGestart))} keer hulp gestart. ` +
          'De cijfers per maand staan in de tabel eronder.',
  };
}

export function leadTimeChart(figures: Figures): ChartSpec {
  const trend = figures.trend ?? [];
  const goal = target(figures, 'doorlooptijdP50');
  const known = trend.filter((month) => month.doorlooptijdDagenP50 !== null);
  return {
    kind: 'line',
    labels: trend.map((month) => monthLabel(month.maand)),
    series: [
      {
        label: 'Doorlooptijd aanmelding → start hulp (mediaan)',
        data: trend.map((month) => month.doorlooptijdDagenP50),
      },
      ...(goal !== null ? [{ label: 'Doel', data: trend.map(() => goal), target: true }] : []),
    ],
    yTitle: 'Dagen',
    summary:
      known.length === 0
        ? 'Lijngrafiek van de doorlooptijd per maand: nog geen hulp gestart in deze periode.'
        : `Lijngrafiek van de mediane doorlooptijd aanmelding tot start hulp per maand, van ${formatDays(
            Math.min(...known.map((month) => month.doorlooptijdDagenP50!)),
          )} tot ${formatDays(Math.max(...known.map((month) => month.doorlooptijdDagenP50!)))}` +
          `${goal !== null ? `, doel hoogstens ${formatDays(goal)}` : ''}. De cijfers per maand staan in de tabel eronder.`,
  };
}

export function withinTermChart(figures: Figures): ChartSpec {
  const steps = figures.stappen.filter((step) => step.binnenTermijnPct !== null);
  const goal = target(figures, 'binnenTermijnPct');
  const below = goal === null ? [] : steps.filter((step) => step.binnenTermijnPct! < goal);
  return {
    kind: 'bar',
    labels: steps.map((step) => step.name),
    series: [
      { label: 'Binnen termijn', data: steps.map((step) => step.binnenTermijnPct) },
      ...(goal !== null ? [{ label: 'Doel', data: steps.map(() => goal), target: true }] : []),
    ],
    yTitle: 'Binnen termijn',
    percent: true,
    summary:
      steps.length === 0
        ? 'Staafgrafiek van het aandeel binnen termijn per stap: nog geen afgeronde stappen met een termijn.'
        : `Staafgrafiek van het aandeel binnen termijn voor ${steps.length} stappen` +
          (goal !== null
            ? `; doel minstens ${formatPercent(goal)}, ${below.length === 0 ? 'alle stappen halen het' : `${below.length} ${below.length === 1 ? 'stap haalt' : 'stappen halen'} het niet`}`
            : '') +
          '. De cijfers per stap staan in de tabel eronder.',
  };
}
