import type Canvas from 'diagram-js/lib/core/Canvas';
import type EventBus from 'diagram-js/lib/core/EventBus';
import type { ElementLike } from 'diagram-js/lib/model/Types';
import type LiveStateRenderer from '../live-state/LiveStateRenderer';
import {
  LINKS_CHANGED_EVENT,
  type LinksChangedEvent,
  NAVIGATE_EVENT,
  type NavigateEvent,
} from '../live-state/LiveStateRenderer';

/** Marks elements that open something on click (a pointer cursor, see diagram.css). */
export const CLICKABLE_MARKER = 'cr-clickable';

interface ElementClickEvent {
  element: ElementLike & { labelTarget?: ElementLike };
  originalEvent?: MouseEvent;
}

/**
 * Clicking a waiting user task opens its task; clicking a call activity opens the instance it
 * started. The addresses come from the live state (its badges carry the same links, which is how
 * keyboard users reach them); the screen does the navigation on NAVIGATE_EVENT.
 */
export default class DrillDownBehavior {
  static $inject = ['eventBus', 'canvas', 'liveStateRenderer'];

  private clickable = new Set<string>();

  constructor(eventBus: EventBus, canvas: Canvas, liveState: LiveStateRenderer) {
    eventBus.on<ElementClickEvent>('element.click', (event) => {
      // An external label (of an event or gateway) stands for its element.
      const element = event.element.labelTarget ?? event.element;
      const href = liveState.linkAt(element.id);
      if (!href) return;
      const original = event.originalEvent;
      const newTab = Boolean(original && (original.ctrlKey || original.metaKey || original.shiftKey));
      eventBus.fire(NAVIGATE_EVENT, { href, newTab } satisfies NavigateEvent);
    });

    eventBus.on<LinksChangedEvent>(LINKS_CHANGED_EVENT, ({ links }) => {
      for (const id of this.clickable) if (!links.has(id)) canvas.removeMarker(id, CLICKABLE_MARKER);
      for (const id of links.keys()) if (!this.clickable.has(id)) canvas.addMarker(id, CLICKABLE_MARKER);
      this.clickable = new Set(links.keys());
    });
  }
}
