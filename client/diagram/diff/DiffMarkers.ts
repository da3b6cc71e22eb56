import type Canvas from 'diagram-js/lib/core/Canvas';
import type ElementRegistry from 'diagram-js/lib/core/ElementRegistry';
import type EventBus from 'diagram-js/lib/core/EventBus';
import type Overlays from 'diagram-js/lib/features/overlays/Overlays';
import type { ChangeKind, ElementChange } from './DiffUtil';

const OVERLAY_TYPE = 'cr-diff';

/** The word on each marker: colour is never the only carrier of the change. */
export const KIND_LABELS: Record<ChangeKind, string> = { added: 'nieuw', removed: 'verwijderd', changed: 'gewijzigd' };

/**
 * Marks the changes between two versions on one diagram: a marker class per kind (styles/versions.css
 * colours the shape or flow) and, on shapes, a small label with the kind in words. Elements this
 * diagram does not have are skipped, so the same list can be shown on the old and the new version.
 */
export default class DiffMarkers {
  static $inject = ['canvas', 'elementRegistry', 'overlays', 'eventBus'];

  private readonly marked = new Map<string, string>();

  constructor(
    private readonly canvas: Canvas,
    private readonly elementRegistry: ElementRegistry,
    private readonly overlays: Overlays,
    eventBus: EventBus,
  ) {
    eventBus.on('diagram.clear', () => this.marked.clear());
  }

  show(changes: readonly ElementChange[]): void {
    this.clear();
    for (const change of changes) {
      const element = this.elementRegistry.get(change.elementId);
      // A label or DI-less element (a process, a definition) has nothing to mark.
      if (!element || element.type === 'label') continue;
      const marker = `cr-diff-${change.kind}`;
      this.canvas.addMarker(change.elementId, marker);
      this.marked.set(change.elementId, marker);
      if ('waypoints' in element) continue;
      const label = document.createElement('span');
      label.className = `cr-diff-label ${marker}-label`;
      label.textContent = KIND_LABELS[change.kind];
      // Never smaller than at 100%: a fitted process is zoomed out and the word must stay readable.
      this.overlays.add(change.elementId, OVERLAY_TYPE, {
        position: { top: -2, left: 0 },
        html: label,
        scale: { min: 1 },
      });
    }
  }

  clear(): void {
    for (const [elementId, marker] of this.marked) {
      if (this.elementRegistry.get(elementId)) this.canvas.removeMarker(elementId, marker);
    }
    this.marked.clear();
    this.overlays.remove({ type: OVERLAY_TYPE });
  }
}
