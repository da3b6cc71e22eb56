/**
 * The heat map's scale: four bands of equal width over the average waits of one diagram, so the
 * question "where do cases wait longest?" always has a visible answer, and a legend that says the
 * bands in days (hours below a day: "0 tot 6 uur" reads better than "0 tot 0,25 dag").
 */

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Band widths a reader can take in at a glance; the scale picks one per diagram. */
const NICE_WIDTHS = [1, 2, 3, 6, 12, 24, 48, 72, 120, 168, 240, 336, 504, 720, 1440, 2160, 4320].map(
  (hours) => hours * HOUR,
);

export const HEAT_LEVELS = 4;

export interface HeatBand {
  level: number;
  /** Marker class on the diagram element and the legend swatch (see styles/overview.css). */
  marker: string;
  fromMs: number;
  /** Undefined for the hottest band: it has no upper bound. */
  toMs: number | undefined;
  /** "2 tot 4 dagen", "6 dagen of langer". */
  label: string;
}

export interface HeatScale {
  bands: HeatBand[];
}

export function heatMarker(level: number): string {
  return `cr-heat-${level}`;
}

/**
 * The scale for a diagram whose longest average wait is `maxAverageMs`. The band width is the
 * largest nice width that still puts that element in the hottest band; undefined when nothing waits.
 */
export function heatScale(averages: Iterable<number>): HeatScale | undefined {
  let max = -1;
  for (const average of averages) max = Math.max(max, average);
  if (max < 0) return undefined;
  let width = NICE_WIDTHS[0]!;
  for (const candidate of NICE_WIDTHS) if (candidate * (HEAT_LEVELS - 1) <= max) width = candidate;
  const inDays = width >= DAY;
  const bands: HeatBand[] = [];
  for (let level = 0; level < HEAT_LEVELS; level++) {
    const fromMs = level * width;
    const toMs = level < HEAT_LEVELS - 1 ? fromMs + width : undefined;
    const label =
      toMs === undefined
        ? `${amount(fromMs, inDays)} of langer`
        : `${level === 0 ? '0' : number(fromMs / (inDays ? DAY : HOUR))} tot ${amount(toMs, inDays)}`;
    bands.push({ level, marker: heatMarker(level), fromMs, toMs, label });
  }
  return { bands };
}

export function heatBand(scale: HeatScale, averageMs: number): HeatBand {
  return scale.bands.find((band) => band.toMs === undefined || averageMs < band.toMs)!;
}

/** A wait in words: "3,2 dagen", "5 uur", "minder dan een uur". */
export function formatWait(ms: number): string {
  if (ms >= DAY) return amount(ms, true);
  if (ms >= HOUR) return amount(ms, false);
  return 'minder dan een uur';
}

/** The same, short, for a badge: "3,2 d", "5 u", "< 1 u". */
export function formatWaitShort(ms: number): string {
  if (ms >= DAY) return `${number(ms / DAY)} d`;
  if (ms >= HOUR) return `${number(ms / HOUR)} u`;
  return '< 1 u';
}

function amount(ms: number, inDays: boolean): string {
  const value = ms / (inDays ? DAY : HOUR);
  const text = number(value);
  if (inDays) return `${text} ${text === '1' ? 'dag' : 'dagen'}`;
  return `${text} uur`;
}

function number(value: number): string {
  return value.toLocaleString('nl-NL', { maximumFractionDigits: value < 10 ? 1 : 0 });
}
