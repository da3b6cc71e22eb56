import Modeler from 'bpmn-js/lib/Modeler';
import type CommandStack from 'diagram-js/lib/command/CommandStack';
import type Canvas from 'diagram-js/lib/core/Canvas';
import type EventBus from 'diagram-js/lib/core/EventBus';
import type ZoomScroll from 'diagram-js/lib/navigation/zoomscroll/ZoomScroll';
import { useEffect, useRef, useState } from 'preact/hooks';
import { MODDLE_EXTENSIONS, MODELER_MODULES, PROJECT_LINTING } from '../../diagram/modeler';
import { ZoomButtons } from '../../diagram/zoom-buttons';
import 'bpmn-js/dist/assets/diagram-js.css';
import 'bpmn-js/dist/assets/bpmn-js.css';
import 'bpmn-js/dist/assets/bpmn-font/css/bpmn-embedded.css';
import '@bpmn-io/properties-panel/dist/assets/properties-panel.css';
import 'bpmn-js-bpmnlint/dist/assets/css/bpmn-js-bpmnlint.css';
import 'bpmn-js-token-simulation/assets/css/bpmn-js-token-simulation.css';

/**
 * The bpmn-js Modeler with its properties panel beside it. The XML is imported once: a new `xml`
 * is another diagram (another version), never an update of this one. What the screen needs from
 * the editor afterwards goes through the modeler's services (onReady).
 */
export function ModelerCanvas(props: {
  xml: string;
  /** What the diagram is, for screen readers ("Toeleiding, versie 1, om te bewerken"). */
  label: string;
  /** Id of the text that explains how to work the editor with mouse and keyboard. */
  describedBy: string;
  /** During the dry run the panel must not change the diagram: the token simulation is read-only. */
  readOnly: boolean;
  onReady: (modeler: Modeler) => void;
  onError: (message: string) => void;
}) {
  const canvasHost = useRef<HTMLDivElement>(null);
  const panelHost = useRef<HTMLDivElement>(null);
  const [modeler, setModeler] = useState<Modeler | null>(null);
  const [history, setHistory] = useState({ undo: false, redo: false });
  const { xml, label, describedBy, onReady, onError } = props;

  useEffect(() => {
    if (!canvasHost.current || !panelHost.current) return;
    const created = new Modeler({
      container: canvasHost.current,
      propertiesPanel: { parent: panelHost.current },
      linting: { active: true, bpmnlint: PROJECT_LINTING },
      moddleExtensions: MODDLE_EXTENSIONS,
      additionalModules: MODELER_MODULES,
    });
    let alive = true;
    const commandStack = created.get<CommandStack>('commandStack');
    created
      .get<EventBus>('eventBus')
      .on('commandStack.changed', () => setHistory({ undo: commandStack.canUndo(), redo: commandStack.canRedo() }));
    created
      .importXML(xml)
      .then(() => {
        if (!alive) return;
        const svg = canvasHost.current?.querySelector('svg');
        // The editor is one widget with its own keys (diagram-js's keyboard bindings).
        svg?.setAttribute('role', 'application');
        svg?.setAttribute('aria-label', label);
        svg?.setAttribute('aria-describedby', describedBy);
        // Opened readable from the start of the process; "Passend" shows all of it.
        fitToView(created.get<Canvas>('canvas'), canvasHost.current, READABLE_SCALE);
        setModeler(created);
        onReady(created);
      })
      .catch(() => {
        if (alive) onError('Het diagram kon niet in de editor worden geladen.');
      });
    return () => {
      alive = false;
      created.destroy();
    };
    // One import per diagram: a changed label or callback must not throw the edits away.
  }, [xml]);

  const zoom = (step: number) => modeler?.get<ZoomScroll>('zoomScroll').stepZoom(step);
  const commandStack = () => modeler?.get<CommandStack>('commandStack');
  return (
    <div class="modeler-workspace">
      <div class="modeler-diagram">
        <div class="diagram-toolbar">
          <ZoomButtons
            disabled={!modeler}
            onZoom={zoom}
            onFit={() => modeler && fitToView(modeler.get<Canvas>('canvas'), canvasHost.current)}
          />
          <div class="diagram-zoom" role="group" aria-label="Wijzigingen">
            <button
              type="button"
              class="secondary"
              onClick={() => commandStack()?.undo()}
              disabled={!history.undo || props.readOnly}
            >
              Ongedaan maken
            </button>
            <button
              type="button"
              class="secondary"
              onClick={() => commandStack()?.redo()}
              disabled={!history.redo || props.readOnly}
            >
              Opnieuw doen
            </button>
          </div>
        </div>
        <div class="modeler-canvas" ref={canvasHost} />
      </div>
      <section class="modeler-properties" aria-labelledby="eigenschappen-kop" inert={props.readOnly}>
        <h2 id="eigenschappen-kop" class="modeler-panel-heading" tabIndex={-1}>
          Eigenschappen
        </h2>
        {props.readOnly ? (
          <p class="muted modeler-panel-note">Tijdens het proefdraaien kunt u niets wijzigen.</p>
        ) : null}
        <div class="modeler-properties-panel" ref={panelHost} />
      </section>
    </div>
  );
}

/** Room (px) around the fitted diagram. */
const MARGIN = 24;
/** Below this a wide process is fitted no further on opening: names must stay readable. */
const READABLE_SCALE = 0.6;

/**
 * The whole diagram in view (but not below `minScale`), never enlarged beyond 100%, right of the
 * palette: fitted under the palette the first steps of the process could not be clicked.
 */
function fitToView(canvas: Canvas, host: HTMLElement | null, minScale = 0): void {
  const { inner, outer } = canvas.viewbox();
  if (!host || inner.width === 0 || inner.height === 0) return;
  const palette = host.querySelector('.djs-palette')?.getBoundingClientRect();
  const left = (palette ? palette.right - host.getBoundingClientRect().left : 0) + MARGIN;
  const scale = Math.max(
    minScale,
    Math.min(1, (outer.width - left - MARGIN) / inner.width, (outer.height - 2 * MARGIN) / inner.height),
  );
  canvas.viewbox({
    x: inner.x - left / scale,
    y: inner.y - MARGIN / scale,
    width: outer.width / scale,
    height: outer.height / scale,
  });
}
