/** What the markers and badges on the diagram mean, in words beside the same visual cues. */
export function Legend() {
  return (
    <ul class="diagram-legend" aria-label="Legenda">
      <li>
        <svg class="legend-swatch" viewBox="0 0 28 18" aria-hidden="true">
          <rect class="legend-active" x="2" y="2" width="24" height="14" rx="3" />
        </svg>
        Actief: dikke gestreepte rand
      </li>
      <li>
        <svg class="legend-swatch" viewBox="0 0 28 18" aria-hidden="true">
          <rect class="legend-taken" x="2" y="2" width="24" height="14" rx="3" />
        </svg>
        <span aria-hidden="true" class="legend-check">
          ✓
        </span>
        Afgerond
      </li>
      <li>
        <svg class="legend-swatch" viewBox="0 0 28 18" aria-hidden="true">
          <path class="legend-flow" d="M2 9 H26" />
        </svg>
        Genomen pad: dikke lijn
      </li>
      <li>
        <span class="legend-badge">naam · termijn</span> Wachtende taak
      </li>
      <li>
        <span class="legend-badge legend-overdue">
          <span aria-hidden="true">⚠ </span>Te laat
        </span>{' '}
        Termijn verstreken
      </li>
    </ul>
  );
}
