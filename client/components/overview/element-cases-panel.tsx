import { useEffect, useRef, useState } from 'preact/hooks';
import type { ElementInstances } from '../../../server/contract/api';
import { ApiError, messageOf } from '../../api/http';
import { Link, paths } from '../../app/router';
import { teamName } from '../../app/session';
import { formatDateTime, lateness } from '../due-date';
import { fetchWaitingCases, type VersionRef } from './definitions';

/** At most this many cases per step; the panel says so when there are more. */
export const CASES_LIMIT = 100;

type PanelState =
  | { status: 'loading' }
  | { status: 'error'; message: string }
  | { status: 'ready'; data: ElementInstances };

/**
 * The cases waiting at one step, longest first: which case, since when, whether it is overdue,
 * who holds its task until when, and its live diagram. The server only lists the cases this user
 * may see, and says how many there are in all. `revision` changes when the step's numbers change,
 * so the list follows the badge without a reload.
 */
export function ElementCasesPanel(props: {
  definition: VersionRef;
  elementId: string;
  elementName: string;
  revision: string;
  names: ReadonlyMap<string, string>;
  onClose: () => void;
}) {
  const { definition, elementId } = props;
  const [state, setState] = useState<PanelState>({ status: 'loading' });
  const heading = useRef<HTMLHeadingElement>(null);

  // A keyboard or screen-reader user who opened the list lands on it.
  useEffect(() => heading.current?.focus(), [elementId]);

  useEffect(() => {
    let alive = true;
    fetchWaitingCases(definition, elementId, CASES_LIMIT)
      .then((data) => alive && setState({ status: 'ready', data }))
      .catch((error: unknown) => {
        if (!alive || (error instanceof ApiError && error.status === 401)) return;
        setState((previous) =>
          previous.status === 'ready' ? previous : { status: 'error', message: messageOf(error) },
        );
      });
    return () => {
      alive = false;
    };
  }, [definition.key, definition.version, elementId, props.revision]);

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      props.onClose();
    }
  };

  return (
    <section class="element-cases" aria-labelledby="casussen-kop" onKeyDown={onKeyDown}>
      <div class="element-cases-head">
        <h2 id="casussen-kop" tabIndex={-1} ref={heading}>
          Casussen bij {props.elementName}
        </h2>
        <button type="button" class="secondary small" onClick={props.onClose}>
          Sluiten<span class="visually-hidden"> (casussen bij {props.elementName})</span>
        </button>
      </div>
      {state.status === 'loading' ? (
        <p role="status">De casussen worden geladen…</p>
      ) : state.status === 'error' ? (
        <p class="notice error" role="alert">
          De casussen konden niet worden geladen. {state.message}
        </p>
      ) : (
        <CaseList data={state.data} names={props.names} />
      )}
    </section>
  );
}

function CaseList({ data, names }: { data: ElementInstances; names: ReadonlyMap<string, string> }) {
  const shown = data.items.length;
  return (
    <>
      <p class="element-cases-count" role="status">
        {data.total === 0
          ? 'Hier wachten nu geen casussen.'
          : shown < data.total && shown >= CASES_LIMIT
            ? `De ${shown} die het langst wachten, van ${data.total} casussen.`
            : shown < data.total
              ? `${shown} van ${data.total} zichtbaar voor u.`
              : `${data.total} ${data.total === 1 ? 'casus' : 'casussen'}, de langst wachtende eerst.`}
      </p>
      {shown < data.total && shown < CASES_LIMIT ? (
        <p class="muted">U ziet alleen de casussen waar u bij mag: die van uw team, of die uw proces bereikten.</p>
      ) : null}
      {shown > 0 ? (
        <ul class="element-cases-list">
          {data.items.map((item) => (
            <li key={item.id} class={item.overdue ? 'overdue' : undefined}>
              <p class="case-line">
                <Link href={paths.case(item.caseId)}>Casus {item.caseId}</Link>
                <span class="muted"> · {teamName(item.team)}</span>
                {item.overdue ? (
                  <strong class="overdue-flag">
                    <span aria-hidden="true">⚠ </span>
                    {/* How late, when the step's task has a term; a timer's lateness has no task to read. */}
                    {item.task?.dueAt ? lateness(new Date(item.task.dueAt), new Date()) : 'Te laat'}
                  </strong>
                ) : null}
              </p>
              <dl>
                <div>
                  <dt>Wacht sinds</dt>
                  <dd>
                    <time dateTime={item.waitingSince}>{formatDateTime(new Date(item.waitingSince))}</time>
                  </dd>
                </div>
                {item.task ? (
                  <>
                    <div>
                      <dt>Behandelaar</dt>
                      <dd>
                        {item.task.assignee ? (
                          (names.get(item.task.assignee) ?? item.task.assignee)
                        ) : (
                          <span class="unassigned">nog niemand</span>
                        )}
                      </dd>
                    </div>
                    <div>
                      <dt>Termijn</dt>
                      <dd>
                        {item.task.dueAt ? (
                          <time dateTime={item.task.dueAt}>{formatDateTime(new Date(item.task.dueAt))}</time>
                        ) : (
                          'geen termijn'
                        )}
                      </dd>
                    </div>
                  </>
                ) : null}
              </dl>
              <Link href={paths.instance(item.id)} class="instance-link">
                Bekijk op het diagram<span class="visually-hidden"> (casus {item.caseId})</span>
              </Link>
            </li>
          ))}
        </ul>
      ) : null}
    </>
  );
}
