import { useMemo } from 'preact/hooks';
import type { User } from '../../server/contract/api';
import { namesOf, useUsers } from '../api/use-users';
import { Link, paths } from '../app/router';
import { useUser } from '../app/session';
import { CaseRegie, standingOf } from '../components/case/case-regie';
import { CaseSummary, openTasksOf, youthInitials } from '../components/case/case-summary';
import { Decisions } from '../components/case/decisions';
import { HistoryTimeline } from '../components/case/history-timeline';
import { Incidents } from '../components/case/incidents';
import { OpenTasks } from '../components/case/open-tasks';
import { type CaseData, useCaseData, useDiagramElements } from '../components/case/use-case-data';
import { LoadFailed } from '../components/load-failed';
import { usePageTitle } from '../components/page-title';
import { RefreshFailed, RefreshStatus } from '../components/refresh-status';
import { NotFoundScreen } from './not-found-screen';
import '../styles/case.css';

/**
 * A case at `/casussen/:caseId`: who it is about and where it stands, its open tasks, its formal
 * decisions (read-only) and its history. It stays current while open: task and instance events of
 * the case re-read it in place.
 */
export function CasePage({ caseId }: { caseId: string }) {
  const { state, reload } = useCaseData(caseId);
  const user = useUser();
  const users = useUsers();
  const names = useMemo(() => namesOf(users), [users]);
  const ready = state.status === 'ready' ? state.data : undefined;
  const elements = useDiagramElements(ready?.view.instances ?? []);
  const initials = ready ? youthInitials(ready) : undefined;
  usePageTitle(state.status === 'not-found' ? 'Niet gevonden' : `Casus ${caseId}${initials ? ` (${initials})` : ''}`);

  if (state.status === 'not-found') {
    return <NotFoundScreen message={`Casus ${caseId} bestaat niet, of u mag deze casus niet zien.`} />;
  }
  if (state.status === 'loading') {
    return (
      <section class="case-page" aria-busy="true">
        <h1>Casus {caseId}</h1>
        <p role="status">De casus wordt geladen…</p>
      </section>
    );
  }
  if (state.status === 'error') {
    return (
      <section class="case-page">
        <h1>Casus {caseId}</h1>
        <LoadFailed message={`De casus kon niet worden geladen. ${state.message}`} onRetry={reload} />
        <p>
          <Link href={paths.worklist()}>Terug naar de werkvoorraad</Link>
        </p>
      </section>
    );
  }
  return (
    <CaseView
      data={state.data}
      user={user}
      users={users}
      reload={reload}
      names={names}
      elements={elements}
      refreshedAt={state.refreshedAt}
      refreshError={state.refreshError}
    />
  );
}

function CaseView(props: {
  data: CaseData;
  user: User;
  users: readonly User[] | null;
  reload: () => void;
  names: ReadonlyMap<string, string>;
  elements: ReturnType<typeof useDiagramElements>;
  refreshedAt: Date | undefined;
  refreshError: string | undefined;
}) {
  const { data, names, elements } = props;
  const tasks = openTasksOf(data);
  const initials = youthInitials(data);
  return (
    <div class="case-page">
      <div class="case-heading">
        <h1>
          Casus {data.view.caseId}
          {initials ? <span class="case-initials"> · {initials}</span> : null}
        </h1>
        <RefreshStatus class="case-status" refreshedAt={props.refreshedAt} />
      </div>
      <RefreshFailed error={props.refreshError} stale="De gegevens hieronder kunnen verouderd zijn." />
      <CaseRegie
        caseId={data.view.caseId}
        team={data.view.team}
        standing={standingOf(data.history)}
        user={props.user}
        users={props.users}
        names={names}
        onChanged={props.reload}
      />
      <Incidents instances={data.instances} elements={elements} />
      <CaseSummary data={data} elements={elements} />
      <OpenTasks tasks={tasks} names={names} />
      <Decisions decisions={data.decisions} />
      <HistoryTimeline
        history={data.history}
        instances={data.instances}
        openTasks={tasks}
        names={names}
        elements={elements}
      />
    </div>
  );
}
