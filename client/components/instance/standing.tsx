import type { InstanceDetail } from '../../../server/contract/api';
import { Link, paths } from '../../app/router';
import type { CalledInstance } from '../../diagram/live-state/LiveStateRenderer';
import type { DiagramElements } from '../case/diagram-elements';
import { humaniseElementId, STATE_NAMES } from '../case/labels';
import { DueDate } from '../due-date';

/** Where the instance stands, in words: the same as the diagram, for those who cannot see it. */
export function Standing(props: {
  detail: InstanceDetail;
  elements: DiagramElements;
  calls: readonly CalledInstance[];
  names: ReadonlyMap<string, string>;
  now: number;
}) {
  const { detail, elements, calls, names, now } = props;
  const nameOf = (elementId: string) => elements.get(elementId)?.name ?? humaniseElementId(elementId);
  // Boundary timers after the steps they guard, so the list reads in the order things matter.
  const active = [...detail.activeElementIds].sort(
    (a, b) => Number(elements.get(a)?.type === 'boundaryEvent') - Number(elements.get(b)?.type === 'boundaryEvent'),
  );
  const done = detail.completedElementIds.filter(
    (elementId) => !detail.activeElementIds.includes(elementId) && elements.get(elementId)?.type !== 'sequenceFlow',
  );

  return (
    <section class="instance-standing" aria-labelledby="stand-kop">
      <h2 id="stand-kop">Stand van zaken</h2>
      {active.length === 0 ? (
        <p>
          {detail.state === 'active'
            ? 'Er is op dit moment geen stap actief.'
            : `Dit proces is ${STATE_NAMES[detail.state]}.`}
        </p>
      ) : (
        <>
          <h3 id="actief-kop">Nu actief</h3>
          <ul class="standing-list" aria-labelledby="actief-kop">
            {active.map((elementId) => (
              <ActiveStep
                key={elementId}
                elementId={elementId}
                detail={detail}
                elements={elements}
                calls={calls}
                names={names}
                now={now}
                nameOf={nameOf}
              />
            ))}
          </ul>
        </>
      )}
      <details class="standing-done">
        <summary>Afgeronde stappen ({done.length})</summary>
        {done.length === 0 ? (
          <p class="muted">Nog geen stappen afgerond.</p>
        ) : (
          <ol>
            {done.map((elementId) => (
              <li key={elementId}>{nameOf(elementId)}</li>
            ))}
          </ol>
        )}
      </details>
    </section>
  );
}

function ActiveStep(props: {
  elementId: string;
  detail: InstanceDetail;
  elements: DiagramElements;
  calls: readonly CalledInstance[];
  names: ReadonlyMap<string, string>;
  now: number;
  nameOf: (elementId: string) => string;
}) {
  const { elementId, detail, elements, calls, names, now, nameOf } = props;
  const element = elements.get(elementId);
  const tasks = detail.openTasks.filter((task) => task.elementId === elementId);
  if (tasks.length > 0) {
    return (
      <>
        {tasks.map((task) => (
          <li key={task.id}>
            Taak <Link href={paths.task(task.id)}>{task.name}</Link>: behandelaar{' '}
            {task.assignee ? (
              <strong>{names.get(task.assignee) ?? task.assignee}</strong>
            ) : (
              <span class="unassigned">open (nog niet opgepakt)</span>
            )}
            , termijn <DueDate dueAt={task.dueAt} now={now} />
          </li>
        ))}
      </>
    );
  }
  if (element?.type === 'callActivity') {
    const call = calls.find((candidate) => candidate.elementId === elementId);
    return (
      <li>
        Deelproces <strong>{nameOf(elementId)}</strong> loopt
        {call ? (
          <>
            : <Link href={call.href}>{call.processName} op het diagram</Link>
          </>
        ) : null}
      </li>
    );
  }
  if (element?.type === 'boundaryEvent') {
    return (
      <li>
        Termijn bewaakt: <strong>{nameOf(elementId)}</strong>
        {element.attachedTo ? ` (bij ${nameOf(element.attachedTo)})` : ''}
      </li>
    );
  }
  if (element?.type === 'intermediateCatchEvent') {
    return (
      <li>
        Wacht op: <strong>{nameOf(elementId)}</strong>
      </li>
    );
  }
  return (
    <li>
      <strong>{nameOf(elementId)}</strong>
    </li>
  );
}
