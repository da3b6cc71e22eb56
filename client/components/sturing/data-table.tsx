import type { ComponentChildren } from 'preact';
import { csvText, downloadCsv, slug } from './csv';

/** One cell as shown and as exported: the same text, so a spreadsheet says what the page says. */
export interface TableCell {
  text: string;
  /** The reason a number is not shown (small-cell suppression), linked to the table's note. */
  suppressed?: boolean;
}

export interface TableData {
  /** The caption, also the CSV file's name. */
  title: string;
  /** Column names, the first naming the row headers. */
  columns: string[];
  rows: Array<{ key: string; header: string; cells: TableCell[] }>;
  /** Said under the table, e.g. what "< 5" means. */
  note?: string;
  /** Shown instead of an empty table. */
  empty?: string;
}

export const SUPPRESSED_TEXT = '< 5';
const SUPPRESSED_NOTE =
  '“< 5” betekent: minder dan 5. Zo kleine aantallen per team tonen we niet precies, zodat niemand uit de cijfers te herleiden is.';

/**
 * A figure table with its caption and a CSV export of exactly the rows it shows. The first column
 * is each row's header; on a phone each row becomes a card (see sturing.css) so nothing needs
 * sideways scrolling.
 */
export function DataTable({
  table,
  fileSuffix,
  children,
}: {
  table: TableData;
  /** Names the period and filters in the file name, so two exports do not overwrite each other. */
  fileSuffix: string;
  children?: ComponentChildren;
}) {
  const id = `tabel-${slug(table.title)}`;
  const noteId = `${id}-toelichting`;
  const exportCsv = () =>
    downloadCsv(
      `${slug([table.title, fileSuffix].filter(Boolean).join(' '))}.csv`,
      csvText(
        table.columns,
        table.rows.map((row) => [row.header, ...row.cells.map((cell) => cell.text)]),
      ),
    );
  const hasSuppressed = table.rows.some((row) => row.cells.some((cell) => cell.suppressed));
  return (
    <div class="figure-table" data-table={slug(table.title)}>
      {children}
      {table.rows.length === 0 ? (
        <p class="figure-empty">
          <strong>{table.title}:</strong> {table.empty ?? 'geen gegevens in deze periode.'}
        </p>
      ) : (
        <>
          <table
            id={id}
            // Five columns do not fit a phone: those tables become a card per row there (sturing.css).
            class={table.columns.length >= 5 ? 'sturing-table wide' : 'sturing-table'}
            aria-describedby={table.note || hasSuppressed ? noteId : undefined}
          >
            <caption>{table.title}</caption>
            <thead>
              <tr>
                {table.columns.map((column, index) => (
                  <th key={column} scope="col" class={index > 0 ? 'number' : undefined}>
                    {column}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {table.rows.map((row) => (
                <tr key={row.key} data-row={row.key}>
                  <th scope="row" data-label={table.columns[0]}>
                    {row.header}
                  </th>
                  {row.cells.map((cell, index) => (
                    <td
                      key={index}
                      class={cell.suppressed ? 'number suppressed' : 'number'}
                      data-label={table.columns[index + 1]}
                    >
                      {cell.text}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
          {table.note || hasSuppressed ? (
            <p id={noteId} class="figure-note muted">
              {[table.note, hasSuppressed ? SUPPRESSED_NOTE : ''].filter(Boolean).join(' ')}
            </p>
          ) : null}
          <p class="figure-actions">
            <button type="button" class="secondary small" onClick={exportCsv}>
              CSV exporteren<span class="visually-hidden">: {table.title}</span>
            </button>
          </p>
        </>
      )}
    </div>
  );
}
