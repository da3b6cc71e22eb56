import type { FigureKey, Figures } from '../../../server/contract/api';
import { formatDays, formatNumber } from './format';
import { formatValue, TARGETS, type TargetState, targetState, targetText, targetValue } from './targets';

/** The tiles at the top of the page, derived from one GET /api/figures answer. */

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
