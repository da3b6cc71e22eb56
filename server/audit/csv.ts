import { Temporal } from 'temporal-polyfill';
import type { AccessLogRecord } from '../store/store';

/**
 * The export's columns, in Dutch for the privacy officer's report. The time is given as the screen
 * shows it (Dutch time, dd-mm-jjjj) and as the log stores it (UTC), so neither has to be converted.
 */
export const CSV_HEADER = [
  'Volgnummer',
  'Tijdstip',
  'Tijdstip (UTC)',
  'Gebruiker',
  'Actie',
  'Casus',
  'Gegevens',
  'Adres',
  'Sessie',
];

const ACTIONS: Record<AccessLogRecord['action'], string> = { read: 'ingezien', refused: 'geweigerd' };

/** Excel and LibreOffice read `;` as the separator in a Dutch locale; the BOM makes them read UTF-8. */
export const CSV_BOM = '\uFEFF';

export function csvRow(cells: ReadonlyArray<string | number | undefined>): string {
  return `${cells.map((cell) => csvCell(cell === undefined ? '' : String(cell))).join(';')}\r\n`;
}

export function csvRowOf(record: AccessLogRecord): string {
  return csvRow([
    record.seq,
    dutchTime(record.at),
    record.at,
    record.userId,
    ACTIONS[record.action],
    record.caseId,
    record.resource,
    record.address,
    record.session,
  ]);
}

/**
 * One cell, quoted when needed. A cell a spreadsheet would take for a formula (CSV injection:
 * `=`, `+`, `-`, `@`, tab, carriage return first) gets a leading `'`, so it is shown as text;
 * every cell is client-influenced (a resource names what was asked for).
 */
export function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[";\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** dd-mm-jjjj HH:mm:ss in Europe/Amsterdam, as the access-log screen shows it. */
export function dutchTime(at: string): string {
  const local = Temporal.Instant.from(at).toZonedDateTimeISO('Europe/Amsterdam');
  const two = (value: number) => String(value).padStart(2, '0');
  return `${two(local.day)}-${two(local.month)}-${local.year} ${two(local.hour)}:${two(local.minute)}:${two(local.second)}`;
}
