import NavigatedViewer from 'bpmn-js/lib/NavigatedViewer';
import type Canvas from 'diagram-js/lib/core/Canvas';
import type ZoomScroll from 'diagram-js/lib/navigation/zoomscroll/ZoomScroll';
import type { ModuleDeclaration } from 'didi';
import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { ZoomButtons } from './zoom-buttons';
import 'bpmn-js/dist/assets/diagram-js.css';
import 'bpmn-js/dist/assets/bpmn-js.css';
import '../styles/diagram.css';

/** Room around the diagram, in diagram units, and below it for the badges under the lowest tasks. */
const MARGIN = 30;
const BADGE_ROOM = 50;
/** The canvas never gets lower than this (px), so there is room to zoom in. */
const MIN_HEIGHT = 320;

/**
 * A read-only BPMN diagram (bpmn-js NavigatedViewer: drag to pan, ctrl+scroll or the buttons to
 * zoom, arrow keys when focused) with the given extra bpmn-js modules. The XML is imported once
 * and fitted once: a new `xml` means another diagram (another instance), never an update of this
 * one, so live state must come through the modules' services, not through a re-import.
 */
export function DiagramCanvas(props: {
  xml: string;
  modules: ModuleDeclaration[];
  /** What the diagram shows, for screen readers ("Diagram van Toeleiding"). */
  label: string;
  /** Id of the element that says the same in text. */
  describedBy?: string;
  onReady: (viewer: NavigatedViewer) => void;
  onError: (message: string) => void;
  /** Shown in the toolbar next to the zoom buttons (e.g. a legend). */
  children?: ComponentChildren;
}) {
  const host = useRef<HTMLDivElement>(null);
  const [viewer, setViewer] = useState<NavigatedViewer | null>(null);
  const { xml, modules, label, describedBy, onReady, onError } = props;

  useEffect(() => {
    if (!host.current) return;
    const created = new NavigatedViewer({ container: host.current, additionalModules: modules });
    let alive = true;
    created
      .importXML(xml)
      .then(() => {
        if (!alive) return;
        const svg = host.current?.querySelector('svg');
        // The drawing is one picture to assistive technology; its content is in the text beside it.
        svg?.setAttribute('role', 'img');
        svg?.setAttribute('aria-label', `${label}. Verschuiven met de pijltoetsen, zoomen met de knoppen.`);
        if (describedBy) svg?.setAttribute('aria-describedby', describedBy);
        const canvas = created.get<Canvas>('canvas');
        fitHeight(canvas, host.current);
        fitToView(canvas);
        setViewer(created);
        onReady(created);
      })
      .catch(() => {
        if (alive) onError('Het diagram kon niet worden getekend.');
      });
    return () => {
      alive = false;
      created.destroy();
    };
    // One import per diagram: callbacks and labels changing later must not redraw it.
  }, [xml]);

  const zoom = (step: number) => viewer?.get<ZoomScroll>('zoomScroll').stepZoom(step);
  return (
    <div class="diagram">
      <div class="diagram-toolbar">
        <ZoomButtons disabled={!viewer} onZoom={zoom} onFit={() => viewer && fitToView(viewer.get<Canvas>('canvas'))} />
        {props.children}
      </div>
      <div class="diagram-canvas" ref={host} />
    </div>
  );
}

/** The diagram's extent plus room around it and for badges, in diagram units. */
function paddedBox(canvas: Canvas) {
  const { inner } = canvas.viewbox();
  return {
    x: inner.x - MARGIN,
    y: inner.y - MARGIN,
    width: inner.width + 2 * MARGIN,
    height: inner.height + 2 * MARGIN + BADGE_ROOM,
  };
}

/**
 * A wide, flat diagram fitted to the width leaves the lower part of the canvas empty: shrink the
 * canvas to what the diagram needs, so the text below it moves up. Only ever shrinks.
 */
function fitHeight(canvas: Canvas, host: HTMLElement | null): void {
  const { outer } = canvas.viewbox();
  const box = paddedBox(canvas);
  const needed = Math.ceil(box.height * Math.min(1, outer.width / box.width));
  if (!host || needed >= outer.height) return;
  host.style.height = `${Math.max(MIN_HEIGHT, needed)}px`;
  canvas.resized();
}

/** The whole diagram in view, never enlarged beyond 100%, centred horizontally, from the top. */
function fitToView(canvas: Canvas): void {
  const { outer } = canvas.viewbox();
  const box = paddedBox(canvas);
  const scale = Math.min(1, outer.width / box.width, outer.height / box.height);
  const width = outer.width / scale;
  const height = outer.height / scale;
  canvas.viewbox({ x: box.x - (width - box.width) / 2, y: box.y, width, height });
}
