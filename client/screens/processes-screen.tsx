import { useCallback, useEffect, useMemo, useState } from 'preact/hooks';
import type { DefinitionVersion, ElementStatistics } from '../../server/contract/api';
import { ApiError, messageOf } from '../api/http';
import { useLiveEvent } from '../api/live';
import { useUserNames } from '../api/use-users';
import { Link, paths } from '../app/router';
import { PROCESS_NAMES } from '../app/session';
import type { DiagramElements } from '../components/case/diagram-elements';
import { formatDateTime } from '../components/due-date';
import { LoadFailed } from '../components/load-failed';
import {
  definitionElements,
  fetchDefinitions,
  processName,
  totalsOf,
  versionId,
  waitingCounts,
} from '../components/overview/definitions';
import { OverdueCount } from '../components/overview/element-table';
import { useLiveStatistics } from '../components/overview/use-live-statistics';
import { usePageTitle } from '../components/page-title';
import '../styles/overview.css';

type Definitions =
  | { status: 'loading' }
  | { status: 'error'; message: string }
  | { status: 'ready'; all: DefinitionVersion[] };

interface ProcessRow {
  latest: DefinitionVersion;
  /** Undefined until every version's numbers are in. */
  totals: { active: number; overdue: number; onOlderVersions: number } | undefined;
}

/**
 * The processes at `/processen`: each with its latest version, when and by whom it was deployed,
 * and how many cases wait in it now and how many of those are overdue. Running cases keep the
 * version they started on, so the totals add up every version; they stay current live.
 */
export function ProcessesScreen() {
  usePageTitle('Processen');
  const [definitions, setDefinitions] = useState<Definitions>({ status: 'loading' });
  const [elements, setElements] = useState<ReadonlyMap<string, DiagramElements>>(new Map());
  const names = useUserNames();

  const load = useCallback(async () => {
    try {
      setDefinitions({ status: 'ready', all: await fetchDefinitions(true) });
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) return;
      setDefinitions((previous) =>
        previous.status === 'ready' ? previous : { status: 'error', message: messageOf(error) },
      );
    }
  }, []);
  useEffect(() => void load(), [load]);
  useLiveEvent('definition:deployed', load);

  const all = definitions.status === 'ready' ? definitions.all : [];
  const refs = useMemo(() => all.map(({ key, version }) => ({ key, version })), [all]);
  const statistics = useLiveStatistics(refs);

  // Element types tell a waiting step from a boundary event that counts the same cases again;
  // only versions where cases wait need their diagram for that.
  const waitingIn = refs
    .filter((ref) => statistics.byVersion.get(versionId(ref))?.some((entry) => entry.active > 0))
    .map(versionId);
  useEffect(() => {
    let alive = true;
    for (const id of waitingIn) {
      if (elements.has(id)) continue;
      const ref = refs.find((candidate) => versionId(candidate) === id)!;
      definitionElements(ref)
        .then((found) => alive && setElements((previous) => new Map(previous).set(id, found)))
        .catch(() => undefined);
    }
    return () => {
      alive = false;
    };
  }, [waitingIn.join(' ')]);

  const rows = useMemo(() => processRows(all, statistics.byVersion, elements), [all, statistics.byVersion, elements]);

  return (
    <section class="processes-screen">
      <h1>Processen</h1>
      {definitions.status === 'loading' ? <p role="status">De processen worden geladen…</p> : null}
      {definitions.status === 'error' ? (
        <LoadFailed
          message={`De processen konden niet worden geladen. ${definitions.message}`}
          onRetry={() => void load()}
        />
      ) : null}
      {statistics.error ? (
        <p class="notice error" role="alert">
          De aantallen konden niet worden bijgewerkt: {statistics.error}
        </p>
      ) : null}
      {definitions.status === 'ready' ? (
        <>
          <div class="table-scroll">
            <table class="processes-table">
              <caption>Processen met hun nieuwste versie en de casussen die nu in het proces wachten</caption>
              <thead>
                <tr>
                  <th scope="col">Proces</th>
                  <th scope="col">Nieuwste versie</th>
                  <th scope="col">Uitgerold</th>
                  <th scope="col" class="number">
                    Actief
                  </th>
                  <th scope="col" class="number">
                    Te laat
                  </th>
                </tr>
              </thead>
              <tbody>
                {rows.map(({ latest, totals }) => (
                  <tr key={latest.key} data-process={latest.key}>
                    <th scope="row">
                      <Link href={paths.process(latest.key)}>{processName(latest)}</Link>
                    </th>
                    <td>versie {latest.version}</td>
                    <td>
                      {formatDateTime(new Date(latest.deployedAt))} door{' '}
                      {names.get(latest.deployedBy) ?? latest.deployedBy}
                    </td>
                    <td class="number">
                      {totals ? (
                        <>
                          {totals.active}
                          {totals.onOlderVersions > 0 ? (
                            <span class="muted"> (waarvan {totals.onOlderVersions} op oudere versies)</span>
                          ) : null}
                        </>
                      ) : (
                        <span class="muted">wordt geteld…</span>
                      )}
                    </td>
                    <td class="number">
                      {totals ? <OverdueCount overdue={totals.overdue} /> : <span class="muted">wordt geteld…</span>}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <p class="muted processes-note">
            Actief: de casussen die nu bij een stap van het proces wachten, over alle versies. Een casus die bij twee
            stappen tegelijk wacht, telt twee keer. Te laat: open taken waarvan de termijn verstreken is.
          </p>
        </>
      ) : null}
    </section>
  );
}

const ROUTE_ORDER = Object.keys(PROCESS_NAMES);

function processRows(
  all: readonly DefinitionVersion[],
  statistics: ReadonlyMap<string, readonly ElementStatistics[]>,
  elements: ReadonlyMap<string, DiagramElements>,
): ProcessRow[] {
  const byKey = new Map<string, DefinitionVersion[]>();
  for (const definition of all) byKey.set(definition.key, [...(byKey.get(definition.key) ?? []), definition]);
  const rows = [...byKey.values()].map((versions): ProcessRow => {
    const latest = versions.reduce((a, b) => (b.version > a.version ? b : a));
    let totals: ProcessRow['totals'] = { active: 0, overdue: 0, onOlderVersions: 0 };
    for (const version of versions) {
      const id = versionId(version);
      const entries = statistics.get(id);
      if (!entries) {
        totals = undefined;
        break;
      }
      if (!entries.some((entry) => entry.active > 0)) continue;
      const found = elements.get(id);
      if (!found) {
        totals = undefined;
        break;
      }
      const sum = totalsOf(waitingCounts(entries, found));
      totals.active += sum.active;
      totals.overdue += sum.overdue;
      if (version.version !== latest.version) totals.onOlderVersions += sum.active;
    }
    return { latest, totals };
  });
  // The four routes in the order a case travels them; any other process after them, by name.
  const rank = (key: string) => (ROUTE_ORDER.includes(key) ? ROUTE_ORDER.indexOf(key) : ROUTE_ORDER.length);
  return rows.sort(
    (a, b) =>
      rank(a.latest.key) - rank(b.latest.key) || processName(a.latest).localeCompare(processName(b.latest), 'nl'),
  );
}
