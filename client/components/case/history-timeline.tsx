import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import type { CaseHistoryEntry, InstanceDetail, JsonValue, Task } from '../../../server/contract/api';
import { formatDateTime } from '../due-date';
import { processName } from './case-summary';
import { decisionAnchor, kindName } from './decisions';
import type { DiagramElements } from './diagram-elements';
import { isRecord } from './format';
import { humaniseElementId } from './labels';
import { compactSummary, FieldList } from './value-view';

/** The actor id the server uses for what happens by itself: timers, the engine. */
const SYSTEM_ACTOR = 'systeem';

interface Context {
  names: ReadonlyMap<string, string>;
  elements: ReadonlyMap<string, DiagramElements>;
  /** Task names by task id, and by instance + element id, from the history and the open tasks. */
  taskNames: ReadonlyMap<string, string>;
  rootId: string | undefined;
}

/**
 * The case's history as a timeline in Dutch sentences: when, who, what. Oldest first reads as a
 * story; newest first answers "what just happened" — the user chooses.
 */
export function HistoryTimeline(props: {
  history: readonly CaseHistoryEntry[];
  instances: readonly InstanceDetail[];
  openTasks: readonly Task[];
  names: ReadonlyMap<string, string>;
  elements: ReadonlyMap<string, DiagramElements>;
}) {
  const [newestFirst, setNewestFirst] = useState(false);
  const context: Context = {
    names: props.names,
    elements: props.elements,
    taskNames: taskNamesOf(props.history, props.openTasks),
    rootId: props.instances.find((instance) => !instance.parentId)?.id,
  };
  const entries = props.history.map((entry, index) => ({ entry, index }));
  if (newestFirst) entries.reverse();

  return (
    <section aria-labelledby="geschiedenis-kop">
      <div class="section-head">
        <h2 id="geschiedenis-kop">Geschiedenis</h2>
        <button
          type="button"
          class="secondary small"
          aria-pressed={newestFirst}
          onClick={() => setNewestFirst(!newestFirst)}
        >
          Nieuwste eerst
        </button>
      </div>
      {entries.length === 0 ? (
        <p class="muted">Er is nog niets gebeurd in deze casus.</p>
      ) : (
        <ol class="timeline" reversed={newestFirst} aria-labelledby="geschiedenis-kop">
          {entries.map(({ entry, index }) => (
            <HistoryItem key={index} entry={entry} context={context} />
          ))}
        </ol>
      )}
    </section>
  );
}

function taskNamesOf(history: readonly CaseHistoryEntry[], openTasks: readonly Task[]): Map<string, string> {
  const names = new Map<string, string>();
  for (const task of openTasks) {
    names.set(task.id, task.name);
    names.set(`${task.instanceId}:${task.elementId}`, task.name);
  }
  for (const entry of history) {
    if (entry.type !== 'task.created' || !entry.data) continue;
    const { taskId, naam } = entry.data;
    if (typeof naam !== 'string') continue;
    if (typeof taskId === 'string') names.set(taskId, naam);
    if (entry.elementId) names.set(`${entry.instanceId}:${entry.elementId}`, naam);
  }
  return names;
}

function actorName(actor: string, names: ReadonlyMap<string, string>): string {
  if (actor === SYSTEM_ACTOR) return 'Systeem';
  return names.get(actor) ?? actor;
}

/** An element's name: the task's own name where known, then the diagram's, then its id made readable. */
function elementName(entry: CaseHistoryEntry, context: Context, elementId = entry.elementId): string {
  if (!elementId) return '';
  const taskId =
    elementId === entry.elementId && typeof entry.data?.taskId === 'string' ? entry.data.taskId : undefined;
  return (
    (taskId ? context.taskNames.get(taskId) : undefined) ??
    context.taskNames.get(`${entry.instanceId}:${elementId}`) ??
    context.elements.get(entry.instanceId)?.get(elementId)?.name ??
    humaniseElementId(elementId)
  );
}

/** For a boundary timer: " bij <the task it guards>". */
function timerPlace(entry: CaseHistoryEntry, context: Context): string {
  const element = entry.elementId ? context.elements.get(entry.instanceId)?.get(entry.elementId) : undefined;
  return element?.attachedTo ? ` bij ${elementName(entry, context, element.attachedTo)}` : '';
}

function timerName(entry: CaseHistoryEntry, context: Context): string {
  const name = elementName(entry, context);
  // Many timers are simply called "Termijn verstreken"; repeating that says nothing.
  return name && name.toLowerCase() !== 'termijn verstreken' ? `: ${name}` : '';
}

function dataString(entry: CaseHistoryEntry, key: string): string | undefined {
  const value = entry.data?.[key];
  return typeof value === 'string' ? value : undefined;
}

interface Described {
  what: string;
  detail?: ComponentChildren;
  /** Submitted or starting fields, summarised. */
  fields?: { [key: string]: JsonValue };
}

function describe(entry: CaseHistoryEntry, context: Context): Described {
  const name = elementName(entry, context);
  const process = processName(entry.definitionKey);
  // Switched as a string: the server may add history types before this client knows them.
  const type: string = entry.type;
  switch (type) {
    case 'instance.started': {
      const variables = entry.data?.variabelen;
      // A called process starts with a copy of its caller's data; only the aanmelding is news.
      return {
        what: `Proces gestart: ${process}`,
        ...(entry.instanceId === context.rootId && isRecord(variables) ? { fields: variables } : {}),
      };
    }
    case 'instance.completed':
      return { what: `Proces afgerond: ${process}` };
    case 'instance.cancelled':
      return { what: `Proces afgebroken: ${process}` };
    case 'instance.migrated': {
      const from = entry.data?.vanVersie;
      const to = entry.data?.naarVersie;
      return {
        what: `Verplaatst naar een nieuwe versie: ${process}`,
        detail: `van versie ${String(from ?? '?')} naar versie ${String(to ?? '?')}`,
      };
    }
    case 'instance.failed':
      return {
        what: `Proces mislukt: ${process}`,
        ...(dataString(entry, 'melding') ? { detail: dataString(entry, 'melding') } : {}),
      };
    case 'call.started': {
      const called = dataString(entry, 'proces');
      return { what: `Deelproces gestart: ${called ? processName(called) : name}` };
    }
    case 'call.completed':
      return { what: `Deelproces afgerond: ${name}` };
    case 'task.created': {
      const due = dataString(entry, 'dueAt');
      return { what: `Nieuwe taak: ${name}`, ...(due ? { detail: `termijn ${formatDateTime(new Date(due))}` } : {}) };
    }
    case 'task.claimed':
      return { what: `${name} opgepakt` };
    case 'task.unclaimed':
      return { what: `${name} vrijgegeven` };
    case 'task.assigned': {
      const to = dataString(entry, 'aan');
      return { what: `${name} toegewezen aan ${to ? actorName(to, context.names) : 'een collega'}` };
    }
    case 'task.completed': {
      const variables = entry.data?.variabelen;
      return { what: `${name} afgerond`, ...(isRecord(variables) ? { fields: variables } : {}) };
    }
    case 'task.cancelled':
      return { what: `${name} vervallen` };
    case 'timer.scheduled': {
      const due = dataString(entry, 'dueAt');
      return {
        what: `Termijn gezet${timerPlace(entry, context)}${timerName(entry, context)}`,
        ...(due ? { detail: `verloopt ${formatDateTime(new Date(due))}` } : {}),
      };
    }
    case 'timer.fired':
      return { what: `Termijn verstreken${timerPlace(entry, context)}${timerName(entry, context)}` };
    case 'timer.cancelled':
      return { what: `Termijn vervallen${timerPlace(entry, context)}${timerName(entry, context)}` };
    case 'decision.recorded':
    case 'decision.corrected': {
      const kind = dataString(entry, 'soort');
      const id = dataString(entry, 'besluitId');
      return {
        what: `${entry.type === 'decision.recorded' ? 'Besluit vastgelegd' : 'Besluit gecorrigeerd'}${kind ? `: ${kindName(kind)}` : ''}`,
        ...(id ? { detail: <a href={`#${decisionAnchor(id)}`}>Naar het besluit</a> } : {}),
      };
    }
    case 'case.regisseur-assigned': {
      const to = dataString(entry, 'regisseur');
      return { what: `Regievoerder: ${to ? actorName(to, context.names) : 'gewijzigd'}` };
    }
    case 'case.closed': {
      const reason = dataString(entry, 'reden');
      return { what: 'Casus gesloten', ...(reason ? { detail: `reden: ${reason}` } : {}) };
    }
    default: {
      // A history type this client does not know yet still shows, readably.
      return { what: `${type}${name ? `: ${name}` : ''}` };
    }
  }
}

function HistoryItem({ entry, context }: { entry: CaseHistoryEntry; context: Context }) {
  const { what, detail, fields } = describe(entry, context);
  const summary = fields ? compactSummary(fields) : undefined;
  return (
    <li class={`event event-${entry.type.replace('.', '-')}`}>
      <time class="event-when" dateTime={entry.at}>
        {formatDateTime(new Date(entry.at))}
      </time>
      <div class="event-body">
        <p class="event-what">
          <strong>{what}</strong> {/* The tag is visual; a screen reader hears "… in Toeleiding". */}
          <span class="visually-hidden">in </span>
          <span class="event-process">{processName(entry.definitionKey)}</span>
        </p>
        <p class="event-who">
          door {actorName(entry.actor, context.names)}
          {detail ? <> · {detail}</> : null}
        </p>
        {summary && summary.items.length > 0 ? (
          <dl class="event-fields">
            {summary.items.map((item) => (
              <div key={item.label}>
                <dt>{item.label}</dt>
                <dd>{item.text}</dd>
              </div>
            ))}
          </dl>
        ) : null}
        {fields && summary && !summary.complete ? (
          <details class="more">
            <summary>Alle ingevulde gegevens</summary>
            <FieldList record={fields} />
          </details>
        ) : null}
      </div>
    </li>
  );
}
