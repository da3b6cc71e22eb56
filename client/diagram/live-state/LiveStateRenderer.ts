import type Canvas from 'diagram-js/lib/core/Canvas';
import type ElementRegistry from 'diagram-js/lib/core/ElementRegistry';
import type EventBus from 'diagram-js/lib/core/EventBus';
import type Overlays from 'diagram-js/lib/features/overlays/Overlays';
import { formatDateTime, lateness } from '../../components/due-date';

/**
 * Draws where one process instance stands on its diagram: markers for the active elements and for
 * the path already taken, a badge under each waiting user task (holder, due date, overdue) and a
 * link under each call activity to the instance it started. Everything is applied as a difference
 * to what is already drawn, on the imported diagram: live updates never re-import the XML, so the
 * viewbox, the selection and the keyboard focus stay where the user left them.
 *
 * The bpmn-io maintainers keep runtime state out of bpmn-js; this module is our mapping of the
 * engine's state (ids of elements and flows) onto the canvas.
 */

/** Marker classes; client/styles/diagram.css draws them (not by colour alone). */
export const ACTIVE_MARKER = 'cr-active';
export const TAKEN_MARKER = 'cr-taken';

/** Fired on the event bus when a badge link or a clickable element asks to open an address. */
export const NAVIGATE_EVENT = 'liveState.navigate';
export interface NavigateEvent {
  href: string;
  /** The user asked for a new tab (ctrl/cmd/middle click). */
  newTab: boolean;
}

/** Fired after the set of elements that open something on click has changed. */
export const LINKS_CHANGED_EVENT = 'liveState.links.changed';
export interface LinksChangedEvent {
  links: ReadonlyMap<string, string>;
}

export interface LiveState {
  activeElementIds: readonly string[];
  completedElementIds: readonly string[];
  takenFlowIds: readonly string[];
}

export interface WaitingTask {
  taskId: string;
  elementId: string;
  /** The task's name, said to screen readers before the badge's visible text. */
  name: string;
  /** The holder's display name; undefined while nobody holds the task. */
  holder: string | undefined;
  dueAt: string | undefined;
  href: string;
}

export interface CalledInstance {
  /** The call activity in this diagram that started the instance. */
  elementId: string;
  href: string;
  /** The called process, for the link's accessible name ("MDO"). */
  processName: string;
  active: boolean;
}

interface DrawnOverlay {
  key: string;
  overlayId: string;
}

const BADGE_OVERLAY = 'cr-badge';
const INCIDENT_OVERLAY = 'cr-incident-badge';
/** Marks an element whose engine action failed and waits for a retry (see showIncidents). */
export const INCIDENT_MARKER = 'cr-incident';

export interface IncidentAt {
  id: string;
  elementId: string;
  message: string;
}
const DONE_OVERLAY = 'cr-done';

export default class LiveStateRenderer {
  static $inject = ['canvas', 'overlays', 'elementRegistry', 'eventBus'];

  /** The marker each element carries now, so an update only touches what changed. */
  private readonly markers = new Map<string, string>();
  private readonly badges = new Map<string, DrawnOverlay>();
  private readonly doneIcons = new Map<string, string>();
  private links: ReadonlyMap<string, string> = new Map();
  private readonly incidents = new Map<string, DrawnOverlay>();

  constructor(
    private readonly canvas: Canvas,
    private readonly overlays: Overlays,
    private readonly elementRegistry: ElementRegistry,
    private readonly eventBus: EventBus,
  ) {}

  /** Marks the active elements and the path taken; active wins where a loop passes a step again. */
  showState(state: LiveState): void {
    const next = new Map<string, string>();
    for (const id of state.completedElementIds) next.set(id, TAKEN_MARKER);
    for (const id of state.takenFlowIds) next.set(id, TAKEN_MARKER);
    for (const id of state.activeElementIds) next.set(id, ACTIVE_MARKER);

    for (const [id, marker] of this.markers) {
      if (next.get(id) === marker) continue;
      this.canvas.removeMarker(id, marker);
      this.markers.delete(id);
    }
    for (const [id, marker] of next) {
      // The engine may report ids the diagram does not draw (e.g. a process without shapes).
      if (this.markers.has(id) || !this.elementRegistry.get(id)) continue;
      this.canvas.addMarker(id, marker);
      this.markers.set(id, marker);
    }
    this.showDoneIcons();
  }

  /** Badges for waiting tasks and links to called instances; `now` decides what is overdue. */
  showWaiting(tasks: readonly WaitingTask[], calls: readonly CalledInstance[], now: number): void {
    const wanted = new Map<string, { key: string; render: () => HTMLElement }>();
    const links = new Map<string, string>();

    const byElement = new Map<string, WaitingTask[]>();
    for (const task of tasks) byElement.set(task.elementId, [...(byElement.get(task.elementId) ?? []), task]);
    for (const [elementId, waiting] of byElement) {
      if (!this.elementRegistry.get(elementId)) continue;
      const key = JSON.stringify(
        waiting.map((task) => [
          task.taskId,
          task.holder,
          task.dueAt,
          isOverdue(task, now) && lateness(new Date(task.dueAt!), new Date(now)),
        ]),
      );
      wanted.set(elementId, { key, render: () => this.taskBadge(waiting, now) });
      links.set(elementId, waiting[0]!.href);
    }
    for (const call of calls) {
      if (!this.elementRegistry.get(call.elementId) || wanted.has(call.elementId)) continue;
      wanted.set(call.elementId, { key: JSON.stringify(call), render: () => this.callBadge(call) });
      links.set(call.elementId, call.href);
    }

    for (const [elementId, drawn] of this.badges) {
      if (wanted.get(elementId)?.key === drawn.key) continue;
      this.overlays.remove(drawn.overlayId);
      this.badges.delete(elementId);
    }
    for (const [elementId, { key, render }] of wanted) {
      if (this.badges.has(elementId)) continue;
      const overlayId = this.overlays.add(elementId, BADGE_OVERLAY, {
        // Under the shape, so the task's own name stays readable.
        position: { bottom: -6, left: -10 },
        html: render(),
        // Never shrink the text below a readable size when the diagram is zoomed out.
        scale: { min: 0.9 },
      });
      this.badges.set(elementId, { key, overlayId });
    }

    if (!sameLinks(this.links, links)) {
      this.links = links;
      this.eventBus.fire(LINKS_CHANGED_EVENT, { links } satisfies LinksChangedEvent);
    }
  }

  /**
   * Open incidents: a marker on the element and a badge above it that says, in words and to
   * screen readers, that the step is stuck and why (not by colour alone).
   */
  showIncidents(incidents: readonly IncidentAt[]): void {
    const wanted = new Map<string, IncidentAt[]>();
    for (const incident of incidents) {
      if (!this.elementRegistry.get(incident.elementId)) continue;
      wanted.set(incident.elementId, [...(wanted.get(incident.elementId) ?? []), incident]);
    }
    for (const [elementId, drawn] of this.incidents) {
      const key = JSON.stringify(wanted.get(elementId) ?? null);
      if (key === drawn.key) continue;
      this.overlays.remove(drawn.overlayId);
      this.canvas.removeMarker(elementId, INCIDENT_MARKER);
      this.incidents.delete(elementId);
    }
    for (const [elementId, list] of wanted) {
      if (this.incidents.has(elementId)) continue;
      const badge = document.createElement('div');
      badge.className = 'cr-incident-badge';
      badge.setAttribute('role', 'note');
      badge.setAttribute('aria-label', `Incident bij deze stap: ${list.map((incident) => incident.message).join(' ')}`);
      badge.title = list.map((incident) => incident.message).join('\n');
      badge.textContent = list.length === 1 ? '⚠ Incident' : `⚠ ${list.length} incidenten`;
      this.canvas.addMarker(elementId, INCIDENT_MARKER);
      const overlayId = this.overlays.add(elementId, INCIDENT_OVERLAY, {
        position: { top: -22, left: -10 },
        html: badge,
        scale: { min: 0.9 },
      });
      this.incidents.set(elementId, { key: JSON.stringify(list), overlayId });
    }
  }

  /** The address a click on this element opens, if any. */
  linkAt(elementId: string): string | undefined {
    return this.links.get(elementId);
  }

  /** A small check mark on each step already taken: the taken path does not rely on colour alone. */
  private showDoneIcons(): void {
    const done = new Set<string>();
    for (const [id, marker] of this.markers) {
      const element = this.elementRegistry.get(id);
      if (marker === TAKEN_MARKER && element && !('waypoints' in element)) done.add(id);
    }
    for (const [id, overlayId] of this.doneIcons) {
      if (done.has(id)) continue;
      this.overlays.remove(overlayId);
      this.doneIcons.delete(id);
    }
    for (const id of done) {
      if (this.doneIcons.has(id)) continue;
      const icon = this.element('span', 'cr-done-icon', '✓');
      // The text list under the diagram says the same in words; the icon is only a visual cue.
      icon.setAttribute('aria-hidden', 'true');
      this.doneIcons.set(id, this.overlays.add(id, DONE_OVERLAY, { position: { top: -8, right: 8 }, html: icon }));
    }
  }

  private taskBadge(tasks: readonly WaitingTask[], now: number): HTMLElement {
    const badge = this.element('div', 'cr-badge cr-badge-task');
    for (const task of tasks) {
      const overdue = isOverdue(task, now);
      const link = this.link(task.href, `cr-badge-link${overdue ? ' cr-overdue' : ''}`);
      // The link reads as a sentence to screen readers: "Taak X, behandelaar: open, termijn: t/m …".
      const holder = task.holder
        ? this.element('span', 'cr-badge-holder', task.holder)
        : this.element('span', 'cr-badge-holder cr-open', 'open');
      holder.prepend(this.element('span', 'visually-hidden', `Taak ${task.name}, behandelaar: `));
      holder.append(this.element('span', 'visually-hidden', ','));
      const due = this.element('span', 'cr-badge-due');
      if (task.dueAt) due.append(this.element('span', 'visually-hidden', 'termijn: '));
      if (!task.dueAt) due.append('geen termijn');
      else if (overdue) {
        const icon = this.element('span', 'cr-overdue-icon', '⚠ ');
        icon.setAttribute('aria-hidden', 'true');
        // How late, as the worklist and the case list say it, so the badge is read the same everywhere.
        const late = lateness(new Date(task.dueAt), new Date(now));
        due.append(icon, this.element('strong', '', late), ` · ${formatDateTime(new Date(task.dueAt))}`);
      } else due.append(`t/m ${formatDateTime(new Date(task.dueAt))}`);
      link.append(holder, due);
      badge.append(link);
    }
    return badge;
  }

  private callBadge(call: CalledInstance): HTMLElement {
    // A call that ended still opens its instance (to look back), drawn quieter than a running one.
    const badge = this.element('div', `cr-badge cr-badge-call${call.active ? '' : ' cr-call-ended'}`);
    const link = this.link(call.href, 'cr-badge-link');
    const arrow = this.element('span', 'cr-arrow', '›');
    arrow.setAttribute('aria-hidden', 'true');
    link.append(
      this.element('span', 'visually-hidden', 'Deelproces '),
      this.element('span', '', `${call.processName} openen`),
      arrow,
    );
    badge.append(link);
    return badge;
  }

  /** A real link (keyboard, middle click, copy address) that navigates in place on a plain click. */
  private link(href: string, className: string): HTMLAnchorElement {
    const link = this.element('a', className);
    link.href = href;
    link.addEventListener('click', (event) => {
      if (
        event.defaultPrevented ||
        event.button !== 0 ||
        event.metaKey ||
        event.ctrlKey ||
        event.shiftKey ||
        event.altKey
      )
        return;
      event.preventDefault();
      this.eventBus.fire(NAVIGATE_EVENT, { href, newTab: false } satisfies NavigateEvent);
    });
    return link;
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

function isOverdue(task: WaitingTask, now: number): boolean {
  return task.dueAt !== undefined && new Date(task.dueAt).getTime() < now;
}

function sameLinks(a: ReadonlyMap<string, string>, b: ReadonlyMap<string, string>): boolean {
  if (a.size !== b.size) return false;
  for (const [id, href] of a) if (b.get(id) !== href) return false;
  return true;
}
