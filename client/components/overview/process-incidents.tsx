import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import type { Incident, ProcessIncident } from '../../../server/contract/api';
import { ApiError, api, messageOf } from '../../api/http';
import { formatDateTime } from '../due-date';

type Loaded =
  | { status: 'loading' }
  | { status: 'error'; message: string }
  | { status: 'ready'; incidents: ProcessIncident[] };

type Outcome = { kind: 'success' | 'error'; text: string } | null;

function stepOf(incident: ProcessIncident): string {
  return incident.elementName ?? incident.elementId;
}

/** The open incidents of a process, read for a process owner only (others get 403 anyway). */
export interface ProcessIncidentsState {
  loaded: Loaded;
  reload: () => Promise<void>;
}

export function useProcessIncidents(processKey: string, enabled: boolean): ProcessIncidentsState {
  const [loaded, setLoaded] = useState<Loaded>({ status: 'loading' });
  const url = `/api/definitions/${encodeURIComponent(processKey)}/incidents`;
  const reload = useCallback(async () => {
    if (!enabled) return;
    try {
      setLoaded({ status: 'ready', incidents: await api.get<ProcessIncident[]>(url) });
    } catch (error) {
      setLoaded({ status: 'error', message: messageOf(error) });
    }
  }, [url, enabled]);
  useEffect(() => {
    void reload();
  }, [reload]);
  return { loaded, reload };
}

/** Open incidents per element of one version, for the badges on that version's diagram. */
export function incidentCounts(loaded: Loaded, version: number): ReadonlyMap<string, number> {
  const counts = new Map<string, number>();
  if (loaded.status !== 'ready') return counts;
  for (const incident of loaded.incidents) {
    if (incident.version === version) counts.set(incident.elementId, (counts.get(incident.elementId) ?? 0) + 1);
  }
  return counts;
}

/**
 * The open incidents of a process, for its process owner: cases whose engine action (a due timer)
 * failed and that wait at that step until it is retried. A process owner may not see the cases
 * themselves (need-to-know), so this list names each case by number only and carries no case
 * data; it is where they find what is stuck and retry it once the diagram or the data allows.
 */
export function ProcessIncidents({ incidents }: { incidents: ProcessIncidentsState }) {
  const { loaded, reload: load } = incidents;
  const [busy, setBusy] = useState<string | null>(null);
  const [outcome, setOutcome] = useState<Outcome>(null);
  const heading = useRef<HTMLHeadingElement>(null);

  const retry = async (incident: ProcessIncident) => {
    setBusy(incident.id);
    setOutcome(null);
    const step = stepOf(incident);
    try {
      await api.post<Incident>(
        `/api/instances/${encodeURIComponent(incident.instanceId)}/incidents/${encodeURIComponent(incident.id)}/retry`,
      );
      setOutcome({
        kind: 'success',
        text: `Gelukt: het incident bij stap ${step} (casus ${incident.caseId}) is opgelost. De casus gaat weer verder.`,
      });
      // The row and its button disappear: focus goes to the section, not to the top of the page.
      heading.current?.focus();
    } catch (error) {
      const again = error instanceof ApiError && error.status === 409;
      setOutcome({
        kind: 'error',
        text: again
          ? `Opnieuw proberen bij stap ${step} (casus ${incident.caseId}) is niet gelukt. ${messageOf(error)}`
          : messageOf(error),
      });
    } finally {
      setBusy(null);
    }
    // Either way the list is read again: a resolved row goes, a failed one shows its new attempt count.
    await load();
  };

  return (
    <section class="process-incidents" aria-labelledby="incidenten-kop">
      <h2 id="incidenten-kop" ref={heading} tabIndex={-1}>
        Incidenten
      </h2>
      <p class="muted">
        Casussen waarvan een actie van de engine (een timer) mislukte. Ze wachten bij die stap tot u het opnieuw
        probeert, nadat het diagram of de gegevens het toelaten. Alle versies van dit proces.
      </p>
      <div role="status" aria-live="polite" aria-atomic="true">
        {outcome ? <p class={`notice ${outcome.kind}`}>{outcome.text}</p> : null}
      </div>
      {loaded.status === 'loading' ? (
        <p class="muted">De incidenten worden geladen…</p>
      ) : loaded.status === 'error' ? (
        <div class="notice error">
          <p>De incidenten konden niet worden geladen: {loaded.message}</p>
          <button type="button" class="secondary small" onClick={() => void load()}>
            Opnieuw laden
          </button>
        </div>
      ) : loaded.incidents.length === 0 ? (
        <p>Er zijn geen open incidenten in dit proces.</p>
      ) : (
        <div class="table-scroll">
          <table aria-labelledby="incidenten-kop">
            <thead>
              <tr>
                <th scope="col">Stap</th>
                <th scope="col">Melding</th>
                <th scope="col">Sinds</th>
                <th scope="col" class="number">
                  Pogingen
                </th>
                <th scope="col">Casus</th>
                <th scope="col">
                  <span class="visually-hidden">Actie</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {loaded.incidents.map((incident) => (
                <tr key={incident.id} data-incident-id={incident.id}>
                  <th scope="row">
                    {stepOf(incident)} <span class="muted">(versie {incident.version})</span>
                  </th>
                  <td>{incident.message}</td>
                  <td>{formatDateTime(new Date(incident.at))}</td>
                  <td class="number">{incident.attempts}</td>
                  <td>{incident.caseId}</td>
                  <td>
                    <button
                      type="button"
                      class="secondary small"
                      // Not disabled: a disabled button drops keyboard focus, which must stay on a row that stays.
                      aria-disabled={busy !== null}
                      onClick={() => {
                        if (busy === null) void retry(incident);
                      }}
                    >
                      {busy === incident.id ? 'Bezig…' : 'Opnieuw proberen'}
                      <span class="visually-hidden">
                        {' '}
                        bij {stepOf(incident)}, casus {incident.caseId}
                      </span>
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
