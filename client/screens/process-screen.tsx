import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { DefinitionVersion } from '../../server/contract/api';
import { messageOf } from '../api/http';
import { useUserNames } from '../api/use-users';
import { Link, navigate, paths } from '../app/router';
import { useUser } from '../app/session';
import type { DiagramElements } from '../components/case/diagram-elements';
import { formatDateTime } from '../components/due-date';
import { LoadFailed } from '../components/load-failed';
import { MigrationView } from '../components/migration/migration-view';
import {
  definitionElements,
  definitionXml,
  elementName,
  processName,
  type VersionRef,
  versionId,
  waitingCounts,
} from '../components/overview/definitions';
import { ElementCasesPanel } from '../components/overview/element-cases-panel';
import { ElementTable } from '../components/overview/element-table';
import { HeatLegend } from '../components/overview/heat-legend';
import { type DiagramHandle, OverviewDiagram } from '../components/overview/overview-diagram';
import {
  incidentCounts,
  ProcessIncidents,
  type ProcessIncidentsState,
  useProcessIncidents,
} from '../components/overview/process-incidents';
import { useLiveStatistics } from '../components/overview/use-live-statistics';
import { useWaitingElsewhere, WaitingElsewhere } from '../components/overview/waiting-elsewhere';
import { usePageTitle } from '../components/page-title';
import { ProcessBreadcrumb } from '../components/process-breadcrumb';
import { parseCompare } from '../components/versions/compare-address';
import { requestedVersion, useDefinitionVersions } from '../components/versions/use-definition-versions';
import { VersionComparison } from '../components/versions/version-comparison';
import { VersionHistory } from '../components/versions/version-history';
import { VersionSelect } from '../components/versions/version-select';
import { VersionsPending } from '../components/versions/versions-pending';
import { heatScale } from '../diagram/overview/HeatMapUtil';
import { NotFoundScreen } from './not-found-screen';
import '../styles/overview.css';
import '../styles/versions.css';

type Diagram =
  | { status: 'loading' }
  | { status: 'error'; message: string }
  | { status: 'ready'; xml: string; elements: DiagramElements };

/** The step whose cases the panel lists, and where the user opened it (focus goes back there). */
interface OpenPanel {
  elementId: string;
  from: 'diagram' | 'table';
}

/**
 * What the address asks for besides a version: a comparison (`?vergelijk=1-2`) or, for a process
 * owner, moving cases to another version (`?migreren=1`).
 */
function requestedMode(): { compare?: { from: number; to: number }; migrate: boolean } {
  const params = new URLSearchParams(window.location.search);
  const compare = parseCompare(params.get('vergelijk'));
  return { ...(compare ? { compare } : {}), migrate: params.get('migreren') === '1' };
}

/**
 * One process at `/processen/:key` (`?versie=N` for another version): its diagram with, on every
 * step where cases wait, how many and how many are overdue; a heat map of the average waits; the
 * cases behind a count; and the same numbers as a table. Live: numbers follow the cases as they
 * move, without re-importing the diagram.
 */
export function ProcessScreen({ processKey }: { processKey: string }) {
  const requested = requestedVersion();
  const mode = requestedMode();
  const isOwner = useUser().roles.includes('proceseigenaar');
  const migrating = mode.migrate && isOwner;
  // Without ?versie the screen shows the latest version at arrival; a newer deployment is offered,
  // not swapped in under the user.
  const { versions, arrivalVersion, reload: loadVersions } = useDefinitionVersions(processKey);
  const names = useUserNames();
  const incidents = useProcessIncidents(processKey, isOwner);
  // Kept across versions: comparing where cases wait in two versions is what the toggle is for.
  const [heatOn, setHeatOn] = useState(false);

  const list = versions.status === 'ready' ? versions.versions : [];
  const selectedNumber = requested ?? arrivalVersion;
  const selected = list.find((definition) => definition.version === selectedNumber);
  const title = processName(selected ?? { key: processKey });
  // Set here for every mode: a child's effect runs before this one and would be overwritten.
  usePageTitle(
    mode.compare
      ? `${title}, versie ${mode.compare.from} en ${mode.compare.to} vergeleken · Processen`
      : migrating
        ? `${title}, casussen verplaatsen · Processen`
        : selected
          ? `${title}, versie ${selected.version} · Processen`
          : `${title} · Processen`,
  );

  if (versions.status === 'ready' && list.length === 0) {
    return <NotFoundScreen message={`Het proces "${processKey}" bestaat niet.`} />;
  }
  if (versions.status === 'ready' && !selected) {
    return (
      <NotFoundScreen
        message={`Versie ${requested ?? ''} van ${processName(list[0]!)} bestaat niet. De nieuwste versie is versie ${list[0]!.version}.`}
      />
    );
  }
  if (versions.status === 'error' || !selected) {
    return (
      <VersionsPending
        versions={versions}
        heading={title}
        class="process-overview"
        onRetry={() => void loadVersions()}
      />
    );
  }
  if (mode.compare) {
    const from = list.find((definition) => definition.version === mode.compare?.from);
    const to = list.find((definition) => definition.version === mode.compare?.to);
    if (!from || !to) {
      return (
        <NotFoundScreen
          message={`${title} heeft geen versie ${from ? mode.compare.to : mode.compare.from}. De nieuwste versie is versie ${list[0]!.version}.`}
        />
      );
    }
    return <VersionComparison processKey={processKey} versions={list} from={from} to={to} />;
  }
  if (migrating) return <MigrationView processKey={processKey} versions={list} />;
  // Not keyed by version: switching versions keeps the version selector (and its focus) in place.
  return (
    <>
      <ProcessVersionView
        arrived={requested === undefined}
        definition={selected}
        versions={list}
        names={names}
        heatOn={heatOn}
        onHeatChange={setHeatOn}
        incidents={isOwner ? incidents : undefined}
      />
      {isOwner ? <ProcessIncidents incidents={incidents} /> : null}
      <VersionHistory
        processKey={processKey}
        versions={list}
        names={names}
        shown={selected.version}
        isOwner={isOwner}
      />
    </>
  );
}

/** Set in the address when the screen chose the version itself: the newest had no cases waiting. */
const WAITING_HERE = 'wachtend';

function ProcessVersionView(props: {
  /** Opened without `?versie`: the screen may choose the version where the cases are. */
  arrived: boolean;
  definition: DefinitionVersion;
  versions: DefinitionVersion[];
  names: ReadonlyMap<string, string>;
  heatOn: boolean;
  onHeatChange: (on: boolean) => void;
  /** A process owner's open incidents: counted on the diagram's badges, read again as the numbers move. */
  incidents?: ProcessIncidentsState | undefined;
}) {
  const { definition, versions, names, heatOn } = props;
  const ref: VersionRef = useMemo(
    () => ({ key: definition.key, version: definition.version }),
    [definition.key, definition.version],
  );
  const [diagram, setDiagram] = useState<Diagram>({ status: 'loading' });
  const [panel, setPanel] = useState<OpenPanel | null>(null);
  const diagramHandle = useRef<DiagramHandle | null>(null);
  const refs = useMemo(() => [ref], [ref]);
  const statistics = useLiveStatistics(refs);
  const name = processName(definition);
  const latest = versions[0]!;

  const loadDiagram = useCallback(() => {
    let alive = true;
    setDiagram({ status: 'loading' });
    Promise.all([definitionXml(ref), definitionElements(ref)])
      .then(([xml, elements]) => alive && setDiagram({ status: 'ready', xml, elements }))
      .catch((error: unknown) => alive && setDiagram({ status: 'error', message: messageOf(error) }));
    return () => {
      alive = false;
    };
  }, [ref]);
  useEffect(loadDiagram, [loadDiagram]);
  useEffect(() => setPanel(null), [ref]);

  const elements = diagram.status === 'ready' ? diagram.elements : undefined;
  const raw = statistics.byVersion.get(versionId(ref));
  const incidentsLoaded = props.incidents?.loaded;
  const reloadIncidents = props.incidents?.reload;
  const counts = useMemo(() => {
    const waiting = raw && elements ? waitingCounts(raw, elements) : [];
    if (!incidentsLoaded) return waiting;
    const atElement = incidentCounts(incidentsLoaded, definition.version);
    return waiting.map((count) => {
      const incidents = atElement.get(count.elementId);
      return incidents ? { ...count, incidents } : count;
    });
  }, [raw, elements, incidentsLoaded, definition.version]);
  // Any committed action on a case of this version (an incident raised or resolved among them)
  // moves the live numbers: the incident list follows them.
  useEffect(() => {
    if (statistics.updatedAt) void reloadIncidents?.();
  }, [statistics.updatedAt, reloadIncidents]);
  // Known empty only once its numbers have arrived: no notice flashes while they load.
  const waiting = useWaitingElsewhere(
    versions,
    definition.version,
    raw !== undefined && elements !== undefined && counts.length === 0,
  );
  // Right after a deploy nothing waits on the newest version yet: whoever opens the process without
  // choosing a version sees the newest version where cases wait, and is told why (below).
  const goTo = props.arrived && waiting && waiting.length > 0 ? waiting[0]!.version : undefined;
  useEffect(() => {
    // Only while the address is still the one the user came with: never yank a page they moved on from.
    if (goTo === undefined || window.location.search !== '') return;
    navigate(`${paths.process(definition.key)}?versie=${goTo}&${WAITING_HERE}=1`, { replace: true });
  }, [goTo, definition.key]);
  const chosenForUser = new URLSearchParams(window.location.search).has(WAITING_HERE);
  const scale = useMemo(
    () =>
      heatOn
        ? heatScale(counts.flatMap((count) => (count.averageWaitMs === undefined ? [] : [count.averageWaitMs])))
        : undefined,
    [heatOn, counts],
  );

  const openCases = useCallback((elementId: string, from: OpenPanel['from']) => setPanel({ elementId, from }), []);
  const onBadgeClick = useCallback((elementId: string) => openCases(elementId, 'diagram'), [openCases]);
  const closePanel = () => {
    if (!panel) return;
    setPanel(null);
    // Back to where the user opened the list; the table's button if the badge is gone meanwhile.
    const backToBadge = panel.from === 'diagram' && diagramHandle.current?.focusBadge(panel.elementId);
    if (!backToBadge)
      document.querySelector<HTMLElement>(`button[data-show-cases="${CSS.escape(panel.elementId)}"]`)?.focus();
  };

  const panelCount = panel ? counts.find((count) => count.elementId === panel.elementId) : undefined;
  const label = `Diagram van ${name}, versie ${definition.version}, met per stap het aantal wachtende casussen`;

  return (
    <section class="process-overview">
      <ProcessBreadcrumb processKey={definition.key} name={name} />
      <div class="overview-heading">
        <h1>
          {name} <span class="version-tag">versie {definition.version}</span>
        </h1>
        <p class="muted">
          Uitgerold op {formatDateTime(new Date(definition.deployedAt))} door{' '}
          {names.get(definition.deployedBy) ?? definition.deployedBy}
          {definition.version === latest.version ? ' · nieuwste versie' : ''}
        </p>
      </div>
      {definition.version !== latest.version ? (
        <p class="notice">
          {chosenForUser
            ? `U ziet versie ${definition.version}: hier wachten de lopende casussen. Op de nieuwste versie (${latest.version}) wacht nog geen casus; casussen blijven op de versie waarop ze begonnen.`
            : 'U bekijkt een oudere versie. Casussen blijven op de versie waarop ze begonnen.'}{' '}
          <Link href={`${paths.process(definition.key)}?versie=${latest.version}`}>
            Naar de nieuwste versie ({latest.version})
          </Link>
        </p>
      ) : null}
      {waiting && counts.length === 0 ? (
        <WaitingElsewhere processKey={definition.key} shown={definition.version} waiting={waiting} />
      ) : null}
      <div class="overview-controls">
        <VersionSelect
          label="Versie"
          versions={versions}
          value={definition.version}
          dated
          onChoose={(version) => navigate(`${paths.process(definition.key)}?versie=${version}`)}
        />
        <label class="heat-toggle">
          <input
            type="checkbox"
            checked={heatOn}
            onChange={(event) => props.onHeatChange((event.currentTarget as HTMLInputElement).checked)}
          />
          Warmtekaart: waar wachten casussen het langst
        </label>
        <p class="muted live-note">
          {statistics.updatedAt
            ? `Live · bijgewerkt om ${statistics.updatedAt.toLocaleTimeString('nl-NL', { timeZone: 'Europe/Amsterdam' })}`
            : 'Live'}
        </p>
      </div>
      {statistics.error ? (
        <div class="notice error" role="alert">
          <p>
            De aantallen konden niet worden bijgewerkt: {statistics.error}
            {raw ? ' De getoonde aantallen kunnen verouderd zijn.' : ''}
          </p>
          <button type="button" class="secondary small" onClick={statistics.refresh}>
            Opnieuw proberen
          </button>
        </div>
      ) : null}
      {heatOn ? <HeatLegend scale={scale} /> : null}
      <div class={panel ? 'overview-body with-panel' : 'overview-body'}>
        {diagram.status === 'ready' ? (
          <OverviewDiagram
            key={versionId(ref)}
            xml={diagram.xml}
            label={label}
            describedBy="diagram-uitleg"
            counts={counts}
            scale={scale}
            selected={panel?.elementId}
            onBadgeClick={onBadgeClick}
            handle={diagramHandle}
          />
        ) : diagram.status === 'loading' ? (
          <p class="overview-diagram diagram-message" role="status">
            Het diagram wordt geladen…
          </p>
        ) : (
          <LoadFailed
            message={`Het diagram kon niet worden geladen. ${diagram.message}`}
            onRetry={loadDiagram}
            compact
          />
        )}
        {panel ? (
          <ElementCasesPanel
            definition={ref}
            elementId={panel.elementId}
            elementName={elements ? elementName(elements, panel.elementId) : panel.elementId}
            revision={`${panelCount?.active ?? 0}/${panelCount?.overdue ?? 0}`}
            names={names}
            onClose={closePanel}
          />
        ) : null}
      </div>
      <p id="diagram-uitleg" class="muted overview-explanation">
        Elk aantal op het diagram is een knop: die toont de casussen die bij die stap wachten. Dezelfde aantallen staan
        in de tabel hieronder.
      </p>
      {elements && raw ? (
        <ElementTable counts={counts} scale={scale} onShowCases={(elementId) => openCases(elementId, 'table')} />
      ) : (
        <p class="muted" role="status">
          De aantallen per stap worden geladen…
        </p>
      )}
    </section>
  );
}
