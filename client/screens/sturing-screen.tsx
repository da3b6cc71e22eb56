import { useEffect, useRef, useState } from 'preact/hooks';
import type { Figures, Team } from '../../server/contract/api';
import { ApiError, api, messageOf } from '../api/http';
import { Link, navigate, paths } from '../app/router';
import { canSeeFigures, teamName, useUser } from '../app/session';
import { LoadFailed } from '../components/load-failed';
import { usePageTitle } from '../components/page-title';
import { DataTable } from '../components/sturing/data-table';
import { FigureChart } from '../components/sturing/figure-chart';
import { leadTimeChart, trendChart, withinTermChart } from '../components/sturing/figure-charts';
import {
  crisisTable,
  escalationTable,
  leadTimeTable,
  mdoTable,
  placementTable,
  stepTable,
  teamTable,
  trendTable,
  triageTable,
} from '../components/sturing/figure-tables';
import { tiles } from '../components/sturing/figure-tiles';
import { dutchDate } from '../components/sturing/format';
import { SturingFilters, type TeamOption } from '../components/sturing/sturing-filters';
import { TargetsForm } from '../components/sturing/targets-form';
import { Tiles } from '../components/sturing/tiles';
import {
  figuresUrl,
  periodProblems,
  readView,
  type SturingView,
  taakgebiedName,
  writeView,
} from '../components/sturing/view';
import '../styles/sturing.css';

type Load =
  | { status: 'loading'; figures?: Figures }
  | { status: 'ready'; figures: Figures }
  | { status: 'refused' }
  | { status: 'error'; message: string; figures?: Figures }
  /** The server refused the filters themselves (400): trying again would not help. */
  | { status: 'refused-filters'; message: string };

/**
 * Steering figures at `/sturing` (DOMAIN.md §5): aggregates only, never a case or a youth. The
 * filters live in the URL; tiles compare the headline figures with their doelwaarde, charts show
 * what one would rather look at than read, each with the table of its numbers and a CSV export.
 */
export function SturingScreen({ query }: { query: URLSearchParams }) {
  const user = useUser();
  usePageTitle('Sturing');
  if (!canSeeFigures(user)) return <NoAccess />;
  return <SturingPage query={query} />;
}

function NoAccess() {
  return (
    <section aria-labelledby="sturing-titel">
      <h1 id="sturing-titel">Sturing</h1>
      <p class="notice error" role="alert">
        <strong>Geen toegang.</strong> De stuurcijfers zijn er voor beleidsmedewerkers, teamleiders, bestuurders en
        proceseigenaren. Met uw rol kunt u ze niet bekijken.
      </p>
      <p>
        <Link href={paths.worklist()}>Terug naar de werkvoorraad</Link>
      </p>
    </section>
  );
}

function SturingPage({ query }: { query: URLSearchParams }) {
  const user = useUser();
  const view = readView(query);
  const viewKey = writeView(view);
  const problems = periodProblems(view);
  const periodValid = !problems.from && !problems.to;
  // A teamleider without a regional or policy role sees their own teams only (the server enforces it).
  const ownTeamsOnly =
    user.roles.includes('teamleider') &&
    !user.roles.some((role) => role === 'beleidsmedewerker' || role === 'bestuurder' || role === 'proceseigenaar');

  const [teams, setTeams] = useState<TeamOption[]>([]);
  useEffect(() => {
    api
      .get<Team[]>('/api/teams')
      .then((all) =>
        setTeams(
          all
            .filter((team) => !ownTeamsOnly || user.teams.includes(team.id))
            .map((team) => ({ id: team.id, name: team.name, region: team.region }))
            .sort((a, b) => a.name.localeCompare(b.name, 'nl')),
        ),
      )
      .catch(() => setTeams(user.teams.map((id) => ({ id, name: teamName(id), region: '' }))));
  }, []);

  const [load, setLoad] = useState<Load>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    if (!periodValid) return;
    let current = true;
    setLoad((previous) => ({
      status: 'loading',
      ...('figures' in previous && previous.figures ? { figures: previous.figures } : {}),
    }));
    api
      .get<Figures>(figuresUrl(view))
      .then((figures) => current && setLoad({ status: 'ready', figures }))
      .catch((error: unknown) => {
        if (!current) return;
        // A teamleider asking for another team is refused that team, not the page.
        if (error instanceof ApiError && error.status === 403 && !view.team) setLoad({ status: 'refused' });
        else if (error instanceof ApiError && (error.status === 400 || error.status === 403))
          setLoad({ status: 'refused-filters', message: messageOf(error) });
        else setLoad({ status: 'error', message: messageOf(error) });
      });
    return () => {
      current = false;
    };
  }, [viewKey, attempt, periodValid]);

  // Say that the figures changed: a screen-reader user is on a filter, out of sight of the page.
  const [announcement, setAnnouncement] = useState('');
  const announcedFor = useRef(viewKey);
  useEffect(() => {
    if (load.status !== 'ready' || announcedFor.current === viewKey) return;
    announcedFor.current = viewKey;
    setAnnouncement(`Cijfers bijgewerkt: ${describe(load.figures, view, teams)}.`);
  }, [viewKey, load.status]);

  const change = (next: SturingView) => navigate(paths.sturing(writeView(next)), { replace: true });

  if (load.status === 'refused') return <NoAccess />;
  // Figures of an earlier view never stand under a period that cannot be asked for.
  const figures = periodValid && 'figures' in load ? load.figures : undefined;
  const fileSuffix = figures ? fileSuffixOf(figures, view) : '';

  return (
    <section class="sturing" aria-labelledby="sturing-titel">
      <h1 id="sturing-titel">Sturing</h1>
      <p class="sturing-intro muted">
        Totalen over alle casussen, nooit één casus. Aantallen onder de 5 per team tonen we als “&lt; 5”.
      </p>
      {user.roles.includes('proceseigenaar') ? (
        <p>
          <a href="#doelwaarden-titel">Naar de doelwaarden instellen</a>
        </p>
      ) : null}
      <SturingFilters view={view} teams={teams} ownTeamsOnly={ownTeamsOnly} onChange={change} />
      <p role="status" class="sturing-status">
        {announcement}
      </p>

      {!periodValid ? (
        <p class="notice error">Pas de periode aan om cijfers te zien.</p>
      ) : load.status === 'refused-filters' ? (
        <p class="notice error" role="alert">
          Met deze filters zijn er geen cijfers: {load.message} Kies andere filters, of wis ze.
        </p>
      ) : load.status === 'error' ? (
        <LoadFailed
          message={`De cijfers konden niet worden geladen. ${load.message}`}
          onRetry={() => setAttempt((n) => n + 1)}
        />
      ) : null}

      {!figures ? (
        load.status === 'loading' && periodValid ? (
          <p class="sturing-loading" aria-busy="true">
            Cijfers worden geladen…
          </p>
        ) : null
      ) : (
        <div class="sturing-figures" aria-busy={load.status === 'loading' ? 'true' : undefined} data-view={viewKey}>
          <p class="sturing-period-shown">
            <strong>{describe(figures, view, teams)}</strong>
          </p>

          <section aria-labelledby="kerncijfers">
            <h2 id="kerncijfers">Kerncijfers</h2>
            <Tiles tiles={tiles(figures)} />
            <div class="table-grid">
              <DataTable table={leadTimeTable(figures)} fileSuffix={fileSuffix} />
            </div>
          </section>

          <section aria-labelledby="per-maand">
            <h2 id="per-maand">Per maand</h2>
            <div class="chart-pair">
              <div>
                <h3>Aanmeldingen en hulp gestart</h3>
                <FigureChart id="grafiek-trend" spec={trendChart(figures)} />
              </div>
              <div>
                <h3>Doorlooptijd aanmelding → start hulp</h3>
                <FigureChart id="grafiek-doorlooptijd" spec={leadTimeChart(figures)} />
              </div>
            </div>
            <DataTable table={trendTable(figures)} fileSuffix={fileSuffix} />
          </section>

          <section aria-labelledby="stappen">
            <h2 id="stappen">Stappen binnen termijn</h2>
            <FigureChart id="grafiek-binnen-termijn" spec={withinTermChart(figures)} />
            <DataTable table={stepTable(figures)} fileSuffix={fileSuffix} />
          </section>

          <section aria-labelledby="uitkomsten">
            <h2 id="uitkomsten">Uitkomsten</h2>
            <div class="table-grid">
              <DataTable table={triageTable(figures)} fileSuffix={fileSuffix} />
              <DataTable table={mdoTable(figures)} fileSuffix={fileSuffix} />
              <DataTable table={escalationTable(figures)} fileSuffix={fileSuffix} />
              <DataTable table={crisisTable(figures)} fileSuffix={fileSuffix} />
              <DataTable table={placementTable(figures)} fileSuffix={fileSuffix} />
            </div>
          </section>

          <section aria-labelledby="teams">
            <h2 id="teams">Teams</h2>
            <div class="table-grid">
              <DataTable table={teamTable(figures)} fileSuffix={fileSuffix} />
            </div>
          </section>
        </div>
      )}
      {user.roles.includes('proceseigenaar') ? <TargetsForm onSaved={() => setAttempt((n) => n + 1)} /> : null}
    </section>
  );
}

/** "Periode 01-12-2025 tot en met 04-12-2026, SLT Breda Noord, taakgebied Wonen met begeleiding". */
function describe(figures: Figures, view: SturingView, teams: TeamOption[]): string {
  const parts = [`Periode ${dutchDate(figures.from)} tot en met ${dutchDate(figures.to)}`];
  if (view.team) parts.push(teams.find((team) => team.id === view.team)?.name ?? teamName(view.team));
  if (view.region) parts.push(`regio ${view.region}`);
  if (view.taakgebied) parts.push(`taakgebied ${taakgebiedName(view.taakgebied)}`);
  return parts.join(', ');
}

function fileSuffixOf(figures: Figures, view: SturingView): string {
  return [dutchDate(figures.from), dutchDate(figures.to), view.team, view.region, view.taakgebied]
    .filter(Boolean)
    .join('-');
}
