/**
 * The zoom buttons of a diagram's toolbar, the same for the viewers and the editor: in, out, and
 * fit the whole diagram. Disabled until the diagram is there to zoom.
 */
export function ZoomButtons(props: { disabled: boolean; onZoom: (step: number) => void; onFit: () => void }) {
  return (
    <div class="diagram-zoom" role="group" aria-label="Zoomen">
      <button
        type="button"
        class="secondary"
        onClick={() => props.onZoom(1)}
        disabled={props.disabled}
        aria-label="Inzoomen"
        title="Inzoomen"
      >
        +
      </button>
      <button
        type="button"
        class="secondary"
        onClick={() => props.onZoom(-1)}
        disabled={props.disabled}
        aria-label="Uitzoomen"
        title="Uitzoomen"
      >
        −
      </button>
      <button type="button" class="secondary" onClick={props.onFit} disabled={props.disabled}>
        Passend
      </button>
    </div>
  );
}
