import type { Figures } from '../../../server/contract/api';
import type { ChartSpec } from './figure-chart';
import { formatDays, formatNumber, formatPercent, monthLabel } from './format';
import { targetText, targetValue } from './targets';

/**
 * The page's charts, derived from one GET /api/figures answer; each summary says in words what
 * the chart shows, and the same numbers stand in a table under it.
 */

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
