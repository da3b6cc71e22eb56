import type Canvas from 'diagram-js/lib/core/Canvas';
import type ElementRegistry from 'diagram-js/lib/core/ElementRegistry';
import type EventBus from 'diagram-js/lib/core/EventBus';
import type { ElementCount } from './ElementCountBadges';
import { type HeatScale, heatBand } from './HeatMapUtil';

/**
 * Colours each element where cases wait by its average wait, one marker class per band of the
 * scale (styles/overview.css fills the shapes). Colour is never the only carrier: the badges and
 * the table say the same average in words, and the legend gives each band's range in days.
 */
export default class HeatMap {
  static $inject = ['canvas', 'elementRegistry', 'eventBus'];

  /** The marker each element carries now, so an update only touches what changed. */
  private readonly markers = new Map<string, string>();

  constructor(
    private readonly canvas: Canvas,
    private readonly elementRegistry: ElementRegistry,
    eventBus: EventBus,
  ) {
    eventBus.on('diagram.clear', () => this.markers.clear());
  }

  /** Marks the elements by band; without a scale (heat map off) every marker goes. */
  show(counts: readonly ElementCount[], scale: HeatScale | undefined): void {
    const next = new Map<string, string>();
    if (scale) {
      for (const count of counts) {
        if (count.active > 0 && count.averageWaitMs !== undefined && this.elementRegistry.get(count.elementId)) {
          next.set(count.elementId, heatBand(scale, count.averageWaitMs).marker);
        }
      }
    }
    for (const [elementId, marker] of this.markers) {
      if (next.get(elementId) === marker) continue;
      this.canvas.removeMarker(elementId, marker);
      this.markers.delete(elementId);
    }
    for (const [elementId, marker] of next) {
      if (this.markers.has(elementId)) continue;
      this.canvas.addMarker(elementId, marker);
      this.markers.set(elementId, marker);
    }
  }
}
