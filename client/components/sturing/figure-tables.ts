import type { FigureKey, Figures } from '../../../server/contract/api';
import { PROCESS_NAMES, teamName } from '../../app/session';
import { SUPPRESSED_TEXT, type TableCell, type TableData } from './data-table';
import { formatDays, formatHours, formatNumber, formatPercent, monthLabel, share } from './format';
import { TARGETS, targetState, targetText, targetValue } from './targets';

/**
 * The page's tables, derived from one GET /api/figures answer. Kept apart from the components so
 * the page and its CSV export can never disagree.
 */

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
