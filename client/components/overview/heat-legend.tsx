import type { HeatScale } from '../../diagram/overview/HeatMapUtil';

/** The heat map's legend: each colour with its range of average waits in words. */
export function HeatLegend({ scale }: { scale: HeatScale | undefined }) {
  return (
    <section class="heat-legend" aria-labelledby="warmte-legenda-kop">
      <h2 id="warmte-legenda-kop">Legenda warmtekaart: gemiddelde wachttijd per stap</h2>
      {scale ? (
        <ul>
          {scale.bands.map((band) => (
            <li key={band.level} data-level={band.level}>
              <span class={`heat-swatch ${band.marker}`} aria-hidden="true" />
              {band.label}
            </li>
          ))}
          <li>
            <span class="heat-swatch none" aria-hidden="true" />
            geen wachtende casussen
          </li>
        </ul>
      ) : (
        <p class="muted">Er wachten nu geen casussen in deze versie.</p>
      )}
    </section>
  );
}
