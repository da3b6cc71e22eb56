import { Temporal } from 'temporal-polyfill';
import { ZONE } from './temporal';

/**
 * ISO 8601 repeating intervals (`R/PT1H`, `R3/P1D`, `R/2026-01-01T09:00:00Z/P1D`) for timeCycle.
 * A cycle shorter than a minute is refused: a non-interrupting `R/PT0S` fires forever, and the
 * engine's own interval parser (@0dep/piso) never returns for a zero-length one, so such a value
 * must be caught before it reaches the engine, at deploy and again at run time (FEEL may yield it).
 */
export const MIN_CYCLE_MS = 60_000;

export type CycleCheck = { ok: true; intervalMs: number } | { ok: false; reason: string };

export function checkCycle(value: string): CycleCheck {
  const match = /^R(\d*)\/(.+)$/i.exec(value.trim());
  if (!match) return { ok: false, reason: 'geen herhaling in ISO 8601-vorm, zoals R/P1D of R3/PT4H' };
  const parts = match[2]!.split('/');
  if (parts.length > 2) return { ok: false, reason: 'te veel delen na R/' };
  let intervalMs: number;
  try {
    const durationPart = parts.find((part) => /^P/i.test(part));
    const anchor = parts.find((part) => !/^P/i.test(part));
    const start = anchor ? Temporal.Instant.from(anchor) : Temporal.Now.instant();
    if (durationPart) {
      const duration = Temporal.Duration.from(durationPart);
      if (duration.sign < 0) return { ok: false, reason: 'een negatieve duur' };
      const zoned = start.toZonedDateTimeISO(ZONE);
      intervalMs = zoned.add(duration).epochMilliseconds - zoned.epochMilliseconds;
    } else {
      if (parts.length !== 2) return { ok: false, reason: 'geen duur of einde na het begin' };
      intervalMs = Temporal.Instant.from(parts[1]!).epochMilliseconds - start.epochMilliseconds;
    }
  } catch {
    return { ok: false, reason: 'geen geldige ISO 8601-duur of -datum in de herhaling' };
  }
  if (!(intervalMs >= MIN_CYCLE_MS)) {
    return { ok: false, reason: 'korter dan een minuut: zo’n timer gaat onophoudelijk af' };
  }
  return { ok: true, intervalMs };
}
