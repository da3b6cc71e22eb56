import type Canvas from 'diagram-js/lib/core/Canvas';
import type ElementRegistry from 'diagram-js/lib/core/ElementRegistry';
import type Selection from 'diagram-js/lib/features/selection/Selection';

/**
 * Brings an element named in a list beside the diagram (a lint finding, a refused deploy) into view
 * and selects it, so the properties panel opens on it: from "this is wrong" to where to fix it.
 */
export default class ElementFocus {
  static $inject = ['canvas', 'elementRegistry', 'selection'];

  constructor(
    private readonly canvas: Canvas,
    private readonly elementRegistry: ElementRegistry,
    private readonly selection: Selection,
  ) {}

  /** False when the element is not on the diagram (then nothing changes). */
  focus(elementId: string): boolean {
    const element = this.elementRegistry.get(elementId);
    if (!element) return false;
    if (element === this.canvas.getRootElement()) {
      // The process itself: no shape to scroll to; an empty selection shows its properties.
      this.selection.select(null);
      return true;
    }
    this.canvas.scrollToElement(element, 80);
    this.selection.select(element);
    return true;
  }
}
