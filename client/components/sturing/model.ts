import type { FigureKey, Figures } from '../../../server/contract/api';
import { PROCESS_NAMES, teamName } from '../../app/session';
import { SUPPRESSED_TEXT, type TableCell, type TableData } from './data-table';
import type { ChartSpec } from './figure-chart';
import { formatDays, formatHours, formatNumber, formatPercent, monthLabel, share } from './format';

/**
 * What the page shows, derived from one GET /api/figures answer: the tiles, the tables and the
 * charts. Kept apart from the components so the page, its CSV and its charts can never disagree.
 */

export type Better = 'higher' | 'lower';
export type Unit = 'aantal' | 'dagen' | 'procent' | 'rondes';

export interface TargetSpec {
  label: string;
  unit: Unit;
  better: Better;
}

/**
 * How the page names and reads each figure that can have a doelwaarde. The contract's
 * FIGURE_TARGETS says the same on the server, but the client takes the contract as types only (so
 * typebox stays out of the bundle); the key type makes the compiler check every name.
 */
export const TARGETS: Record<FigureKey, TargetSpec> = {
  doorlooptijdP50Dagen: { label: 'Doorlooptijd aanmelding → start hulp (mediaan)', unit: 'dagen', better: 'lower' },
  doorlooptijdP90Dagen: { label: 'Doorlooptijd aanmelding → start hulp (p90)', unit: 'dagen', better: 'lower' },
  wachttijdP50Dagen: { label: 'Wacht beschikking → start hulp (mediaan)', unit: 'dagen', better: 'lower' },
  wachttijdP90Dagen: { label: 'Wacht beschikking → start hulp (p90)', unit: 'dagen', better: 'lower' },
  overeenstemmingEersteKeerPct: {
    label: 'MDO’s met overeenstemming de eerste keer',
    unit: 'procent',
    better: 'higher',
  },
  mdoGeescaleerdPct: { label: 'MDO’s die escaleerden', unit: 'procent', better: 'lower' },
  crisisBinnen24uurPct: { label: 'Crisisinterventies binnen 24 uur', unit: 'procent', better: 'higher' },
  plaatsingEersteKeerGoedPct: { label: 'Plaatsingen in één keer goed', unit: 'procent', better: 'higher' },
  matchingrondesP50: { label: 'Matchingrondes per plaatsing (mediaan)', unit: 'rondes', better: 'lower' },
  overbruggingPct: { label: 'Plaatsingstrajecten met overbruggingszorg', unit: 'procent', better: 'lower' },
  takenOverTermijnPct: { label: 'Open taken over termijn', unit: 'procent', better: 'lower' },
  stapBinnenTermijnPct: { label: 'Stappen binnen hun termijn', unit: 'procent', better: 'higher' },
};

export const TARGET_KEYS = Object.keys(TARGETS) as FigureKey[];

export function formatValue(unit: Unit, value: number | null | undefined): string {
  if (unit === 'dagen') return formatDays(value);
  if (unit === 'procent') return formatPercent(value);
  if (unit === 'rondes')
    return value === null || value === undefined
      ? formatNumber(value)
      : `${formatNumber(value)} ${value === 1 ? 'ronde' : 'rondes'}`;
  return formatNumber(value);
}

export type TargetState = 'gehaald' | 'niet-gehaald' | 'geen-doel' | 'geen-gegevens' | 'zonder-doel';

export function targetState(value: number | null, target: number | null | undefined, better: Better): TargetState {
  if (target === null || target === undefined) return 'geen-doel';
  if (value === null) return 'geen-gegevens';
  return (better === 'higher' ? value >= target : value <= target) ? 'gehaald' : 'niet-gehaald';
}

export interface Tile {
  key: string;
  title: string;
  value: string;
  /** A second line under the value, e.g. what the percentage is of. */
  detail?: string;
  /** "doel: hoogstens 30 dagen"; absent when none is set. */
  target?: string;
  state: TargetState;
}

export function targetValue(figures: Figures, key: FigureKey): number | null {
  return figures.doelwaarden[key]?.waarde ?? null;
}

export function targetText(key: FigureKey, value: number): string {
  const spec = TARGETS[key];
  return `${spec.better === 'higher' ? 'minstens' : 'hoogstens'} ${formatValue(spec.unit, value)}`;
}

function tile(figures: Figures, key: FigureKey, title: string, value: number | null, detail?: string): Tile {
  const spec = TARGETS[key];
  const goal = targetValue(figures, key);
  return {
    key,
    title,
    value: formatValue(spec.unit, value),
    ...(detail ? { detail } : {}),
    ...(goal !== null ? { target: targetText(key, goal) } : {}),
    state: targetState(value, goal, spec.better),
  };
}

export function tiles(figures: Figures): Tile[] {
  const { toeleiding, wachttijd, mdo, crisis, plaatsingen, taken } = figures;
  return [
    {
      key: 'aanmeldingen',
      title: 'Aanmeldingen',
      value: formatNumber(toeleiding.aanmeldingen),
      detail: `waarvan ${formatNumber(toeleiding.hulpGestart)} met hulp gestart`,
      state: 'zonder-doel',
    },
    tile(
      figures,
      'doorlooptijdP50Dagen',
      'Doorlooptijd aanmelding → start hulp, mediaan',
      toeleiding.doorlooptijdDagen.p50,
      'de helft van de casussen is sneller',
    ),
    tile(
      figures,
      'doorlooptijdP90Dagen',
      'Doorlooptijd aanmelding → start hulp, p90',
      toeleiding.doorlooptijdDagen.p90,
      '9 op de 10 casussen zijn sneller',
    ),
    tile(
      figures,
      'wachttijdP50Dagen',
      'Wacht beschikking → start hulp, mediaan',
      wachttijd.dagen.p50,
      `${formatNumber(wachttijd.hulpGestart)} van ${formatNumber(wachttijd.beschikkingen)} beschikkingen met hulp gestart; p90 ${formatDays(wachttijd.dagen.p90)}`,
    ),
    tile(
      figures,
      'overeenstemmingEersteKeerPct',
      'MDO: overeenstemming de eerste keer',
      mdo.overeenstemmingEersteKeerPct,
      `${formatNumber(mdo.overeenstemmingEersteKeer)} van ${formatNumber(mdo.gehouden)} MDO’s`,
    ),
    tile(
      figures,
      'crisisBinnen24uurPct',
      'Crisis binnen 24 uur',
      crisis.binnen24uurPct,
      `${formatNumber(crisis.binnen24uur)} van ${formatNumber(crisis.totaal)} crisisinterventies`,
    ),
    tile(
      figures,
      'plaatsingEersteKeerGoedPct',
      'Plaatsingen in één keer goed',
      plaatsingen.eersteKeerGoedPct,
      `${formatNumber(plaatsingen.eersteKeerGoed)} geplaatste casussen zonder tweede plaatsing`,
    ),
    tile(
      figures,
      'takenOverTermijnPct',
      'Over termijn',
      taken.overTermijnPct,
      `${formatNumber(taken.overTermijn)} van ${formatNumber(taken.open)} open taken, nu`,
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
  '1': 'Niveau 1: teamleiders SLT en aanbieders',
  '2': 'Niveau 2: Regionaal Expertteam',
  '3': 'Niveau 3: bestuurder (doorzettingsmacht)',
  '4': 'Niveau 4: Bovenregionaal Expertisenetwerk',
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

export function leadTimeTable(figures: Figures): TableData {
  const { toeleiding, wachttijd } = figures;
  const row = (key: FigureKey, header: string, value: number | null) => ({
    key,
    header,
    cells: [cell(formatDays(value)), goalCell(figures, key, value)],
  });
  return {
    title: 'Doorlooptijden',
    columns: ['Doorlooptijd', 'Waarde', 'Doel'],
    rows: [
      row('doorlooptijdP50Dagen', 'Aanmelding → start hulp, mediaan', toeleiding.doorlooptijdDagen.p50),
      row('doorlooptijdP90Dagen', 'Aanmelding → start hulp, p90', toeleiding.doorlooptijdDagen.p90),
      row('wachttijdP50Dagen', 'Beschikking → start hulp, mediaan', wachttijd.dagen.p50),
      row('wachttijdP90Dagen', 'Beschikking → start hulp, p90', wachttijd.dagen.p90),
    ],
    note:
      `${formatNumber(toeleiding.aanmeldingen)} aanmeldingen, waarvan ${formatNumber(toeleiding.hulpGestart)} met hulp gestart; ` +
      `${formatNumber(wachttijd.beschikkingen)} beschikkingen, waarvan ${formatNumber(wachttijd.hulpGestart)} met hulp gestart. ` +
      'In kalenderdagen.',
  };
}

/** "hoogstens 30 dagen (gehaald)", or "–" without a target. */
function goalCell(figures: Figures, key: FigureKey, value?: number | null): TableCell {
  const goal = targetValue(figures, key);
  if (goal === null) return cell('–');
  if (value === undefined) return cell(targetText(key, goal));
  const state = targetState(value, goal, TARGETS[key].better);
  return cell(
    `${targetText(key, goal)}${state === 'gehaald' ? ', gehaald' : state === 'niet-gehaald' ? ', niet gehaald' : ''}`,
  );
}

export function mdoTable(figures: Figures): TableData {
  const { mdo } = figures;
  return {
    title: 'MDO’s',
    columns: ['MDO’s', 'Aantal', 'Aandeel'],
    rows: [
      { key: 'gehouden', header: 'Gehouden (met besluit)', cells: [cell(formatNumber(mdo.gehouden)), cell('')] },
      {
        key: 'overeenstemmingEersteKeer',
        header: 'Overeenstemming de eerste keer',
        cells: [
          cell(formatNumber(mdo.overeenstemmingEersteKeer)),
          cell(formatPercent(mdo.overeenstemmingEersteKeerPct)),
        ],
      },
      { key: 'opnieuwGepland', header: 'Opnieuw gepland', cells: [cell(formatNumber(mdo.opnieuwGepland)), cell('')] },
      {
        key: 'geescaleerd',
        header: 'Geëscaleerd',
        cells: [cell(formatNumber(mdo.geescaleerd)), cell(formatPercent(mdo.geescaleerdPct))],
      },
    ],
  };
}

export function escalationTable(figures: Figures): TableData {
  const levels = figures.escalaties.perNiveau;
  return {
    title: 'Escalaties per niveau van besluit',
    columns: ['Besloten op', 'Aantal'],
    rows: (['1', '2', '3', '4'] as const).map((level) => ({
      key: level,
      header: LEVEL_NAMES[level]!,
      cells: [cell(formatNumber(levels[level]))],
    })),
    note: `Nog lopend: ${formatNumber(figures.escalaties.lopend)}.`,
  };
}

export function crisisTable(figures: Figures): TableData {
  const { crisis } = figures;
  return {
    title: 'Crisisinterventies',
    columns: ['Crisisinterventies', 'Aantal', 'Aandeel'],
    rows: [
      { key: 'totaal', header: 'Totaal', cells: [cell(formatNumber(crisis.totaal)), cell('')] },
      {
        key: 'binnen24uur',
        header: 'Binnen 24 uur',
        cells: [cell(formatNumber(crisis.binnen24uur)), cell(formatPercent(crisis.binnen24uurPct))],
      },
    ],
  };
}

export function placementTable(figures: Figures): TableData {
  const p = figures.plaatsingen;
  return {
    title: 'Plaatsingen',
    columns: ['Plaatsingscoördinatie', 'Aantal', 'Aandeel'],
    rows: [
      { key: 'geplaatst', header: 'Geplaatst', cells: [cell(formatNumber(p.geplaatst)), cell('')] },
      {
        key: 'eersteKeerGoed',
        header: 'In één keer goed (casussen)',
        cells: [cell(formatNumber(p.eersteKeerGoed)), cell(formatPercent(p.eersteKeerGoedPct))],
      },
      { key: 'ambulant', header: 'Ambulant alternatief gevonden', cells: [cell(formatNumber(p.ambulant)), cell('')] },
      { key: 'geescaleerd', header: 'Geëscaleerd', cells: [cell(formatNumber(p.geescaleerd)), cell('')] },
      {
        key: 'overbrugging',
        header: 'Met overbruggingszorg',
        cells: [cell(formatNumber(p.overbrugging)), cell(formatPercent(p.overbruggingPct))],
      },
      {
        key: 'matchingrondes',
        header: 'Matchingrondes per plaatsing (mediaan)',
        cells: [cell(formatNumber(p.matchingrondes.p50)), cell('')],
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
    note: `Open taken nu, van alle perioden: ${formatNumber(figures.taken.open)}, waarvan ${formatNumber(figures.taken.overTermijn)} over termijn.`,
    empty: 'geen teams in deze selectie.',
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
        cell(step.binnenTermijnPct === null ? 'geen termijn' : formatPercent(step.binnenTermijnPct)),
      ],
    })),
    ...(targetValue(figures, 'stapBinnenTermijnPct') !== null
      ? {
          note: `Doel: ${targetText('stapBinnenTermijnPct', targetValue(figures, 'stapBinnenTermijnPct')!)} binnen termijn per stap.`,
        }
      : {}),
    empty: 'nog geen afgeronde stappen in deze periode.',
  };
}

export function trendTable(figures: Figures): TableData {
  return {
    title: 'Per maand: aanmeldingen, hulp gestart en doorlooptijd',
    columns: ['Maand', 'Aanmeldingen', 'Hulp gestart', 'Doorlooptijd (mediaan)'],
    rows: figures.trend.map((month) => ({
      key: month.maand,
      header: monthLabel(month.maand),
      cells: [
        cell(formatNumber(month.aanmeldingen)),
        cell(formatNumber(month.hulpGestart)),
        cell(formatDays(month.doorlooptijdP50)),
      ],
    })),
    note: 'Per maand van aanmelding: hulp gestart en doorlooptijd gaan over de casussen die in die maand zijn aangemeld.',
  };
}

export function trendChart(figures: Figures): ChartSpec {
  const trend = figures.trend;
  const total = (pick: (month: (typeof trend)[number]) => number) => trend.reduce((sum, month) => sum + pick(month), 0);
  return {
    kind: 'line',
    labels: trend.map((month) => monthLabel(month.maand)),
    series: [
      { label: 'Aanmeldingen', data: trend.map((month) => month.aanmeldingen) },
      { label: 'Hulp gestart', data: trend.map((month) => month.hulpGestart), dashed: true },
    ],
    yTitle: 'Aantal casussen',
    summary:
      trend.length === 0
        ? 'Lijngrafiek per maand: geen gegevens in deze periode.'
        : `Lijngrafiek per maand van ${monthLabel(trend[0]!.maand)} tot en met ${monthLabel(trend[trend.length - 1]!.maand)}: ` +
          `${formatNumber(total((month) => month.aanmeldingen))} aanmeldingen, waarvan ${formatNumber(total((month) => month.hulpGestart))} met hulp gestart. ` +
          'De cijfers per maand staan in de tabel eronder.',
  };
}

export function leadTimeChart(figures: Figures): ChartSpec {
  const trend = figures.trend;
  const goal = targetValue(figures, 'doorlooptijdP50Dagen');
  const known = trend.map((month) => month.doorlooptijdP50).filter((value): value is number => value !== null);
  return {
    kind: 'line',
    labels: trend.map((month) => monthLabel(month.maand)),
    series: [
      { label: 'Doorlooptijd (mediaan)', data: trend.map((month) => month.doorlooptijdP50) },
      ...(goal !== null ? [{ label: 'Doel', data: trend.map(() => goal), target: true }] : []),
    ],
    yTitle: 'Dagen',
    summary:
      known.length === 0
        ? 'Lijngrafiek van de doorlooptijd per maand: nog geen hulp gestart in deze periode.'
        : `Lijngrafiek van de mediane doorlooptijd van aanmelding tot start hulp per maand, tussen ${formatDays(
            Math.min(...known),
          )} en ${formatDays(Math.max(...known))}` +
          `${goal !== null ? `; doel ${targetText('doorlooptijdP50Dagen', goal)}` : ''}. De cijfers per maand staan in de tabel eronder.`,
  };
}

export function withinTermChart(figures: Figures): ChartSpec {
  const steps = figures.stappen.filter((step) => step.binnenTermijnPct !== null);
  const goal = targetValue(figures, 'stapBinnenTermijnPct');
  const below = goal === null ? [] : steps.filter((step) => step.binnenTermijnPct! < goal);
  return {
    kind: 'bar',
    horizontal: true,
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
        : `Staafgrafiek van het aandeel binnen termijn voor ${steps.length} ${steps.length === 1 ? 'stap' : 'stappen'} met een termijn, ` +
          `van ${formatPercent(Math.min(...steps.map((step) => step.binnenTermijnPct!)))} tot ${formatPercent(Math.max(...steps.map((step) => step.binnenTermijnPct!)))}` +
          (goal !== null
            ? `; doel ${targetText('stapBinnenTermijnPct', goal)}, ${below.length === 0 ? 'alle stappen halen het' : `${below.length} ${below.length === 1 ? 'stap haalt' : 'stappen halen'} het niet`}`
            : '') +
          '. De cijfers per stap staan in de tabel eronder.',
  };
}
