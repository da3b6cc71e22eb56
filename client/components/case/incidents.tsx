import type { InstanceDetail } from '../../../server/contract/api';
import { formatDateTime } from '../due-date';
import type { DiagramElements } from './diagram-elements';

/**
 * Open incidents of a case: an engine action (a timer) failed and the case waits at that step
 * until a proceseigenaar retries it. Shown first and as an alert, because nothing moves on its own.
 */
export function Incidents(props: {
  instances: readonly InstanceDetail[];
  elements: ReadonlyMap<string, DiagramElements>;
}) {
  const open = props.instances.flatMap((instance) =>
    (instance.incidents ?? [])
      .filter((incident) => incident.state === 'open')
      .map((incident) => ({ incident, instance })),
  );
  if (open.length === 0) return null;
  return (
    <section class="notice error case-incidents" role="alert" aria-labelledby="case-incidents-title">
      <h2 id="case-incidents-title">
        {open.length === 1
          ? 'Deze casus staat stil door een incident'
          : `Deze casus staat stil door ${open.length} incidenten`}
      </h2>
      <ul>
        {open.map(({ incident, instance }) => {
          const step = props.elements.get(instance.id)?.get(incident.elementId)?.name ?? incident.elementId;
          return (
            <li key={incident.id}>
              <p>
                Bij stap <strong>{step}</strong> ({instance.definitionKey}) ging een timer mis op{' '}
                {formatDateTime(new Date(incident.at))}
                {incident.attempts > 1 ? ` (${incident.attempts} pogingen)` : ''}: {incident.message}
              </p>
            </li>
          );
        })}
      </ul>
      <p>De stap wacht tot een proceseigenaar het diagram of de gegevens heeft nagekeken en het opnieuw probeert.</p>
    </section>
  );
}
