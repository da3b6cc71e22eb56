import type Canvas from 'diagram-js/lib/core/Canvas';
import type ElementRegistry from 'diagram-js/lib/core/ElementRegistry';
import type EventBus from 'diagram-js/lib/core/EventBus';
import type Overlays from 'diagram-js/lib/features/overlays/Overlays';
import { formatWait, formatWaitShort } from './HeatMapUtil';

/**
 * A badge on every element where cases wait: how many, and how many of them are overdue, in words
 * and an icon ("3 · ⚠ 1 te laat", zoomed out "3 ⚠ 1"); with the heat map on, also the average
 * wait. Badges are real buttons (tab order, Enter and Space, a name that says what they count and
 * what they open); a click fires BADGE_CLICK_EVENT.
 *
 * Live updates change a badge's content in place instead of replacing its overlay: the button a
 * keyboard user stands on keeps the focus, and zoom and scroll stay where they were.
 */

/** The numbers of one element where cases wait, with its name for the badge's accessible name. */
export interface ElementCount {
  elementId: string;
  name: string;
  active: number;
  overdue: number;
  averageWaitMs?: number;
  longestWaitMs?: number;
  /** Open incidents at this element (shown to a process owner, who can retry them). */
  incidents?: number;
}

export const BADGE_CLICK_EVENT = 'overview.badge.click';
export interface BadgeClickEvent {
  elementId: string;
}

const BADGE_OVERLAY = 'cr-count-badge';

/**
 * Below this zoom level tasks stand closer together than a full badge is wide: badges then show
 * numbers and the ⚠ only; their names and tooltips still say everything.
 */
const COMPACT_BELOW = 0.8;

interface DrawnBadge {
  overlayId: string;
  button: HTMLButtonElement;
  key: string;
}

export default class ElementCountBadges {
  static $inject = ['overlays', 'elementRegistry', 'eventBus', 'canvas'];

  private readonly badges = new Map<string, DrawnBadge>();
  /** The element whose cases are listed now; its badge says so (aria-expanded). */
  private selected: string | undefined;

  constructor(
    private readonly overlays: Overlays,
    private readonly elementRegistry: ElementRegistry,
    private readonly eventBus: EventBus,
    private readonly canvas: Canvas,
  ) {
    // A new import clears the overlays; forget ours with them.
    eventBus.on('diagram.clear', () => this.badges.clear());
    eventBus.on<{ viewbox: { scale: number } }>('canvas.viewbox.changed', ({ viewbox }) => this.compact(viewbox.scale));
  }

  /** Shows exactly these counts; `withWait` adds each element's average wait to its badge. */
  show(counts: readonly ElementCount[], withWait: boolean): void {
    const wanted = new Map(
      counts
        .filter((count) => count.active > 0 && this.elementRegistry.get(count.elementId))
        .map((count) => [count.elementId, count]),
    );
    this.compact(this.canvas.zoom());
    for (const [elementId, drawn] of this.badges) {
      if (wanted.has(elementId)) continue;
      this.overlays.remove(drawn.overlayId);
      this.badges.delete(elementId);
    }
    for (const [elementId, count] of wanted) {
      const key = JSON.stringify([
        count.name,
        count.active,
        count.overdue,
        count.incidents ?? 0,
        withWait ? count.averageWaitMs : null,
        withWait ? count.longestWaitMs : null,
      ]);
      const drawn = this.badges.get(elementId);
      if (drawn?.key === key) continue;
      const button = drawn?.button ?? this.button(elementId);
      this.fill(button, count, withWait);
      if (drawn) drawn.key = key;
      else {
        const shape = this.elementRegistry.get(elementId);
        const overlayId = this.overlays.add(elementId, BADGE_OVERLAY, {
          // Centred on the top edge (overview.css shifts the badge up and left by its own size):
          // task names sit in the middle and event names below, so neither is covered.
          position: { top: 3, left: shape && 'width' in shape ? shape.width / 2 : 0 },
          html: button,
          // Never shrink the text below a readable size when the diagram is zoomed out.
          scale: { min: 0.9 },
        });
        this.badges.set(elementId, { overlayId, button, key });
      }
    }
  }

  /** Marks the badge whose cases are listed beside the diagram (undefined: none). */
  select(elementId: string | undefined): void {
    this.selected = elementId;
    for (const [id, { button }] of this.badges) button.setAttribute('aria-expanded', String(id === elementId));
  }

  /** Puts the keyboard focus on an element's badge (after its panel closes); false if it has none. */
  focus(elementId: string): boolean {
    const drawn = this.badges.get(elementId);
    if (!drawn) return false;
    drawn.button.focus();
    return true;
  }

  private compact(scale: number): void {
    this.canvas.getContainer().classList.toggle('cr-badges-compact', scale < COMPACT_BELOW);
  }

  private button(elementId: string): HTMLButtonElement {
    const button = this.element('button', 'cr-count-badge');
    button.type = 'button';
    button.dataset.elementId = elementId;
    button.setAttribute('aria-expanded', String(elementId === this.selected));
    button.addEventListener('click', (event) => {
      // The canvas must not treat the click as one on the element below.
      event.stopPropagation();
      this.eventBus.fire(BADGE_CLICK_EVENT, { elementId } satisfies BadgeClickEvent);
    });
    return button;
  }

  private fill(button: HTMLButtonElement, count: ElementCount, withWait: boolean): void {
    const parts: Node[] = [
      this.hidden(`${count.name}: `),
      this.element('span', 'cr-count', String(count.active)),
      this.hidden(count.active === 1 ? ' casus' : ' casussen'),
    ];
    const summary = [`${count.active} ${count.active === 1 ? 'casus' : 'casussen'}`];
    if (count.overdue > 0) {
      // Zoomed out, "te laat" moves out of sight (still spoken): "6 ⚠ 1" fits between two tasks.
      const overdue = this.element('span', 'cr-count-overdue');
      overdue.append(this.icon('⚠ '), String(count.overdue), this.element('span', 'cr-long', ' te laat'));
      parts.push(this.separator(), this.hidden(', waarvan '), overdue);
      summary.push(`waarvan ${count.overdue} te laat`);
    }
    if (count.incidents) {
      const incidents = this.element('span', 'cr-count-incidents');
      const label = count.incidents === 1 ? ' incident' : ' incidenten';
      incidents.append(this.icon('✖ '), String(count.incidents), this.element('span', 'cr-long', label));
      parts.push(this.separator(), this.hidden(', '), incidents);
      summary.push(`${count.incidents}${label}`);
    }
    if (withWait && count.averageWaitMs !== undefined) {
      const wait = this.element('span', 'cr-count-wait');
      const short = this.element('span', '');
      short.append(this.element('span', 'cr-long', 'gem. '), formatWaitShort(count.averageWaitMs));
      short.setAttribute('aria-hidden', 'true');
      wait.append(short, this.hidden(`gemiddeld ${formatWait(count.averageWaitMs)} wachten`));
      parts.push(this.hidden(', '), wait);
      summary.push(
        `gemiddeld ${formatWait(count.averageWaitMs)} wachten${count.longestWaitMs !== undefined ? `, het langst ${formatWait(count.longestWaitMs)}` : ''}`,
      );
    }
    parts.push(this.hidden(' – toon de casussen'));
    button.classList.toggle('cr-has-overdue', count.overdue > 0);
    // The whole story for a mouse user, whatever the zoom level leaves visible.
    button.title = `${count.name}: ${summary.join(', ')}`;
    button.replaceChildren(...parts);
  }

  private separator(): HTMLElement {
    const separator = this.element('span', 'cr-count-separator cr-long', ' · ');
    separator.setAttribute('aria-hidden', 'true');
    return separator;
  }

  private icon(text: string): HTMLElement {
    const icon = this.element('span', 'cr-count-icon', text);
    icon.setAttribute('aria-hidden', 'true');
    return icon;
  }

  private hidden(text: string): HTMLElement {
    return this.element('span', 'visually-hidden', text);
  }

  private element<K extends keyof HTMLElementTagNameMap>(
    tag: K,
    className: string,
    text?: string,
  ): HTMLElementTagNameMap[K] {
    const node = this.canvas.getContainer().ownerDocument.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }
}
