import type Canvas from 'diagram-js/lib/core/Canvas';
import type ElementRegistry from 'diagram-js/lib/core/ElementRegistry';
import type EventBus from 'diagram-js/lib/core/EventBus';
import type Overlays from 'diagram-js/lib/features/overlays/Overlays';

const MARKER = 'cr-deploy-problem';
const OVERLAY_TYPE = 'cr-deploy-problem';

/**
 * Marks the elements a refused deploy named: an outline (styles/modeler.css) and a label in words
 * with the number of problems, so the marker does not rely on colour. The marks stay until the next
 * deploy attempt: they are the server's verdict on the diagram as it was sent.
 */
export default class DeployProblems {
  static $inject = ['canvas', 'elementRegistry', 'overlays', 'eventBus'];

  private marked: string[] = [];

  constructor(
    private readonly canvas: Canvas,
    private readonly elementRegistry: ElementRegistry,
    private readonly overlays: Overlays,
    eventBus: EventBus,
  ) {
    eventBus.on('diagram.clear', () => (this.marked = []));
  }

  show(problems: ReadonlyArray<{ elementId?: string }>): void {
    this.clear();
    const counts = new Map<string, number>();
    for (const { elementId } of problems) {
      if (elementId && this.elementRegistry.get(elementId)) counts.set(elementId, (counts.get(elementId) ?? 0) + 1);
    }
    for (const [elementId, count] of counts) {
      this.canvas.addMarker(elementId, MARKER);
      this.marked.push(elementId);
      const label = document.createElement('span');
      label.className = 'cr-deploy-problem-label';
      label.textContent = count === 1 ? '⚠ probleem' : `⚠ ${count} problemen`;
      this.overlays.add(elementId, OVERLAY_TYPE, {
        position: { bottom: -6, left: -4 },
        html: label,
        scale: { min: 1 },
      });
    }
  }

  clear(): void {
    for (const elementId of this.marked) {
      // The process owner may have deleted the element since.
      if (this.elementRegistry.get(elementId)) this.canvas.removeMarker(elementId, MARKER);
    }
    this.marked = [];
    this.overlays.remove({ type: OVERLAY_TYPE });
  }
}
