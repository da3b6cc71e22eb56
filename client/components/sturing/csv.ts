/**
 * CSV for Dutch spreadsheets: Excel in a Dutch locale splits on `;` (the comma is the decimal
 * separator there, and the numbers are written with one), and reads the file as UTF-8 only with a
 * byte order mark, without which "coördinatie" arrives garbled. Lines end in CRLF (RFC 4180).
 */

export const CSV_SEPARATOR = ';';
const BOM = '\uFEFF';

export function csvText(header: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  return `${BOM}${[header, ...rows].map((row) => row.map(csvField).join(CSV_SEPARATOR)).join('\r\n')}\r\n`;
}

function csvField(value: string): string {
  // A field that starts like a formula would run as one in a spreadsheet (CSV injection); none of
  // ours should, but a team or step name comes from an administrator.
  const safe = /^[=+@\t\r]/.test(value) || /^-[^\d]/.test(value) ? `'${value}` : value;
  return /[";\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** Hands the file to the browser's download. */
export function downloadCsv(fileName: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  // Give the browser a moment to start the download before the address is withdrawn.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** "Triage-uitkomsten" → "triage-uitkomsten", for a file name. */
export function slug(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}
