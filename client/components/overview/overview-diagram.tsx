import type NavigatedViewer from 'bpmn-js/lib/NavigatedViewer';
import type Canvas from 'diagram-js/lib/core/Canvas';
import type EventBus from 'diagram-js/lib/core/EventBus';
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { DiagramCanvas } from '../../diagram/diagram-canvas';
import overviewModule from '../../diagram/overview';
import type ElementCountBadges from '../../diagram/overview/ElementCountBadges';
import { BADGE_CLICK_EVENT, type BadgeClickEvent, type ElementCount } from '../../diagram/overview/ElementCountBadges';
import type HeatMap from '../../diagram/overview/HeatMap';
import type { HeatScale } from '../../diagram/overview/HeatMapUtil';

/** What the screen may ask of the diagram from outside. */
export interface DiagramHandle {
  focusBadge(elementId: string): boolean;
}

const MODULES = [overviewModule];

/**
 * The diagram (the shared DiagramCanvas) with the overview module: badges and heat map. The XML is
 * imported once per version; counts and the heat scale are applied to the imported diagram, so
 * live numbers never move the user's view.
 */
export function OverviewDiagram(props: {
  xml: string;
  label: string;
  describedBy: string;
  counts: readonly ElementCount[];
  scale: HeatScale | undefined;
  /** The element whose cases the panel lists. */
  selected: string | undefined;
  onBadgeClick: (elementId: string) => void;
  handle: { current: DiagramHandle | null };
}) {
  const [viewer, setViewer] = useState<NavigatedViewer | null>(null);
  const [error, setError] = useState('');
  // The viewer calls back long after render; it must see the current props, not the first ones.
  const latest = useRef(props);
  latest.current = props;

  const onReady = useCallback((ready: NavigatedViewer) => {
    ready
      .get<EventBus>('eventBus')
      .on<BadgeClickEvent>(BADGE_CLICK_EVENT, ({ elementId }) => latest.current.onBadgeClick(elementId));
    setViewer(ready);
  }, []);

  useEffect(() => {
    if (!viewer) return;
    viewer.get<ElementCountBadges>('elementCountBadges').show(props.counts, props.scale !== undefined);
    viewer.get<HeatMap>('heatMap').show(props.counts, props.scale);
  }, [viewer, props.counts, props.scale]);

  useEffect(() => {
    if (!viewer) return;
    viewer.get<ElementCountBadges>('elementCountBadges').select(props.selected);
    if (!props.selected) return;
    // The panel has just narrowed the canvas: keep the step whose cases it lists in view.
    const canvas = viewer.get<Canvas>('canvas');
    canvas.resized();
    canvas.scrollToElement(props.selected, { top: 60, bottom: 30, left: 60, right: 60 });
  }, [viewer, props.selected]);

  useEffect(() => {
    if (!viewer) return;
    // The canvas measures itself on window resizes only; the cases panel opening beside it is not
    // one. Like a map beside a side panel, the diagram keeps its zoom and origin.
    const canvas = viewer.get<Canvas>('canvas');
    const observer = new ResizeObserver(() => canvas.resized());
    observer.observe(canvas.getContainer());
    props.handle.current = {
      focusBadge: (elementId) => viewer.get<ElementCountBadges>('elementCountBadges').focus(elementId),
    };
    return () => {
      observer.disconnect();
      props.handle.current = null;
    };
  }, [viewer]);

  if (error) {
    return (
      <p class="notice error" role="alert">
        {error} De aantallen staan in de tabel onder het diagram.
      </p>
    );
  }
  return (
    <div class="overview-diagram">
      <DiagramCanvas
        xml={props.xml}
        modules={MODULES}
        label={props.label}
        describedBy={props.describedBy}
        onReady={onReady}
        onError={setError}
      >
        <span class="muted overview-hint">
          Klik op een aantal voor de casussen. <span aria-hidden="true">⚠</span> = te laat.
        </span>
      </DiagramCanvas>
    </div>
  );
}
