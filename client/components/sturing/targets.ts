import type { FigureKey, Figures } from '../../../server/contract/api';
import { formatDays, formatNumber, formatPercent } from './format';

/**
 * The figures that can have a doelwaarde: how the page names and reads them, and whether a value
 * meets its target. The tiles, the tables, the charts and the targets form all read them here.
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

export function targetValue(figures: Figures, key: FigureKey): number | null {
  return figures.doelwaarden[key]?.waarde ?? null;
}

export function targetText(key: FigureKey, value: number): string {
  const spec = TARGETS[key];
  return `${spec.better === 'higher' ? 'minstens' : 'hoogstens'} ${formatValue(spec.unit, value)}`;
}
