import type { ElementCount } from '../../diagram/overview/ElementCountBadges';
import { formatWait, type HeatScale, heatBand } from '../../diagram/overview/HeatMapUtil';
import { totalsOf } from './definitions';

/**
 * The badges' numbers as a table: the same facts for screen readers, keyboard users and anyone
 * who prefers rows to a picture, with a button per step that opens the same list of cases.
 */
export function ElementTable(props: {
  counts: readonly ElementCount[];
  scale: HeatScale | undefined;
  onShowCases: (elementId: string) => void;
}) {
  const { counts, scale } = props;
  const totals = totalsOf(counts);
  return (
    <section class="element-table" aria-labelledby="aantallen-kop">
      <h2 id="aantallen-kop">Aantallen per stap</h2>
      {counts.length === 0 ? (
        <p class="muted">In deze versie wachten nu geen casussen.</p>
      ) : (
        <div class="table-scroll">
          <table aria-labelledby="aantallen-kop">
            <thead>
              <tr>
                <th scope="col">Stap</th>
                <th scope="col" class="number">
                  Actief
                </th>
                <th scope="col" class="number">
                  Te laat
                </th>
                <th scope="col">Gemiddeld wachten</th>
                <th scope="col">Langst wachten</th>
                <th scope="col">
                  <span class="visually-hidden">Casussen</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {counts.map((count) => (
                <tr key={count.elementId} data-element-id={count.elementId}>
                  <th scope="row">{count.name}</th>
                  <td class="number">{count.active}</td>
                  <td class="number">
                    <OverdueCount overdue={count.overdue} />
                  </td>
                  <td>
                    {count.averageWaitMs === undefined ? (
                      '—'
                    ) : (
                      <>
                        {scale ? (
                          <span
                            class={`heat-swatch ${heatBand(scale, count.averageWaitMs).marker}`}
                            aria-hidden="true"
                          />
                        ) : null}
                        {formatWait(count.averageWaitMs)}
                      </>
                    )}
                  </td>
                  <td>{count.longestWaitMs === undefined ? '—' : formatWait(count.longestWaitMs)}</td>
                  <td>
                    <button
                      type="button"
                      class="secondary small"
                      data-show-cases={count.elementId}
                      onClick={() => props.onShowCases(count.elementId)}
                    >
                      Toon casussen<span class="visually-hidden"> bij {count.name}</span>
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <th scope="row">Totaal</th>
                <td class="number">{totals.active}</td>
                <td class="number">
                  <OverdueCount overdue={totals.overdue} />
                </td>
                <td colSpan={3} />
              </tr>
            </tfoot>
          </table>
        </div>
      )}
    </section>
  );
}

/** "0", or "⚠ 2 te laat": overdue in words, not by colour alone. */
export function OverdueCount({ overdue }: { overdue: number }) {
  if (overdue === 0) return <span>0</span>;
  return (
    <span class="overdue-count">
      <span aria-hidden="true">⚠ </span>
      {overdue} te laat
    </span>
  );
}
