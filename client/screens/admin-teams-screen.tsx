import { useEffect, useRef, useState } from 'preact/hooks';
import type { Team, TeamRequest, UpdateTeamRequest } from '../../server/contract/api';
import { ApiError, api, messageOf, request } from '../api/http';
import { canManageUsers, useUser } from '../app/session';
import { AdminNav } from '../components/admin/admin-nav';
import { Field, problemsByField } from '../components/admin/form-parts';
import { AdminNoAccess } from '../components/admin/no-access';
import { usePageTitle } from '../components/page-title';
import { ErrorSummary } from '../components/task/error-summary';
import type { FieldMessage } from '../components/task/form-controller';
import '../styles/task.css';

/**
 * Teams (/beheer/teams): the SLT teams every case and team member belongs to, with their region.
 * A team's id is what cases name, so it is chosen once; its name and region can change.
 */

type Loaded = { status: 'loading' } | { status: 'failed'; message: string } | { status: 'ready'; teams: Team[] };

export function AdminTeamsScreen() {
  const user = useUser();
  usePageTitle('Teams');
  const [loaded, setLoaded] = useState<Loaded>({ status: 'loading' });
  const [editing, setEditing] = useState<string | null>(null);
  const [saved, setSaved] = useState('');

  useEffect(() => {
    if (!canManageUsers(user)) return;
    api
      .get<Team[]>('/api/admin/teams')
      .then((teams) => setLoaded({ status: 'ready', teams }))
      .catch((error: unknown) => setLoaded({ status: 'failed', message: messageOf(error) }));
  }, [user]);

  if (!canManageUsers(user)) return <AdminNoAccess />;

  const replace = (team: Team) => {
    if (loaded.status !== 'ready') return;
    const others = loaded.teams.filter((candidate) => candidate.id !== team.id);
    setLoaded({ status: 'ready', teams: [...others, team].sort((a, b) => a.name.localeCompare(b.name, 'nl')) });
  };

  return (
    <section class="admin-page">
      <AdminNav current="teams" />
      <h1>Teams</h1>
      <p role="status">{saved}</p>
      {loaded.status === 'loading' && <p role="status">De teams worden geladen…</p>}
      {loaded.status === 'failed' && <p class="notice error">{loaded.message}</p>}
      {loaded.status === 'ready' && (
        <table class="admin-table">
          <caption class="visually-hidden">Teams</caption>
          <thead>
            <tr>
              <th scope="col">Naam</th>
              <th scope="col">Id</th>
              <th scope="col">Regio</th>
              <th scope="col">
                <span class="visually-hidden">Acties</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {loaded.teams.map((team) =>
              editing === team.id ? (
                <tr key={team.id}>
                  <td colSpan={4}>
                    <TeamForm
                      team={team}
                      onDone={(next) => {
                        if (next) {
                          replace(next);
                          setSaved(`Team ${next.name} is opgeslagen.`);
                        }
                        setEditing(null);
                      }}
                    />
                  </td>
                </tr>
              ) : (
                <tr key={team.id}>
                  <th scope="row" data-label="Naam">
                    {team.name}
                  </th>
                  <td data-label="Id">
                    <code>{team.id}</code>
                  </td>
                  <td data-label="Regio">{team.region}</td>
                  <td>
                    <button
                      type="button"
                      class="secondary"
                      onClick={() => {
                        setSaved('');
                        setEditing(team.id);
                      }}
                    >
                      Wijzigen<span class="visually-hidden"> {team.name}</span>
                    </button>
                  </td>
                </tr>
              ),
            )}
          </tbody>
        </table>
      )}
      {/* One form at a time: two error summaries would share the summary's heading id. */}
      {loaded.status === 'ready' && editing === null && (
        <>
          <h2>Nieuw team</h2>
          <TeamForm
            onDone={(next) => {
              if (!next) return;
              replace(next);
              setSaved(`Team ${next.name} is aangemaakt.`);
            }}
          />
        </>
      )}
    </section>
  );
}

type TeamField = 'id' | 'name' | 'region';
const LABELS: Record<TeamField, string> = { id: 'Id', name: 'Naam', region: 'Regio' };

/** Without a team it creates one (and empties itself); with one it edits its name and region. */
function TeamForm({ team, onDone }: { team?: Team; onDone: (team: Team | null) => void }) {
  const prefix = team ? `team-${team.id}` : 'nieuw-team';
  const empty = { id: '', name: '', region: '' };
  const [values, setValues] = useState<Record<TeamField, string>>(team ?? empty);
  const [errors, setErrors] = useState<Partial<Record<TeamField, string>>>({});
  const [summary, setSummary] = useState<{ title: string; intro: string; items: FieldMessage[] } | null>(null);
  const [busy, setBusy] = useState(false);
  const summaryBox = useRef<HTMLDivElement>(null);
  const first = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (summary) summaryBox.current?.focus();
  }, [summary]);
  useEffect(() => {
    if (team) first.current?.focus();
  }, [team]);

  const show = (title: string, intro: string, found: Partial<Record<TeamField, string>>, other: string[]) => {
    setErrors(found);
    setSummary({
      title,
      intro,
      items: [
        ...(Object.keys(LABELS) as TeamField[])
          .filter((field) => found[field])
          .map((field) => ({
            message: found[field] ?? '',
            target: { domId: `${prefix}-${field}`, label: LABELS[field] },
          })),
        ...other.map((message) => ({ message })),
      ],
    });
  };

  const submit = async (event: Event) => {
    event.preventDefault();
    const missing: Partial<Record<TeamField, string>> = {};
    if (!team && !values.id.trim()) missing.id = 'Vul een id in, bijvoorbeeld slt-breda-noord.';
    if (!values.name.trim()) missing.name = 'Vul een naam in.';
    if (!values.region.trim()) missing.region = 'Vul een regio in.';
    if (Object.keys(missing).length > 0) {
      show('Het formulier is nog niet compleet', 'Verbeter deze velden en probeer het opnieuw:', missing, []);
      return;
    }
    setBusy(true);
    try {
      const answer = team
        ? await request<Team>('PATCH', `/api/admin/teams/${encodeURIComponent(team.id)}`, {
            name: values.name.trim(),
            region: values.region.trim(),
          } satisfies UpdateTeamRequest)
        : await api.post<Team>('/api/admin/teams', {
            id: values.id.trim(),
            name: values.name.trim(),
            region: values.region.trim(),
          } satisfies TeamRequest);
      setErrors({});
      setSummary(null);
      if (!team) setValues(empty);
      onDone(answer);
    } catch (error) {
      if (error instanceof ApiError && (error.status === 400 || error.status === 409)) {
        const found: Partial<Record<TeamField, string>> = {};
        const other: string[] = [];
        for (const [field, message] of Object.entries(problemsByField(error.problem.problems))) {
          if (field in LABELS) found[field as TeamField] = message;
          else other.push(message);
        }
        if (error.status === 409 && !team && Object.keys(found).length === 0) found.id = messageOf(error);
        show('De server heeft het team niet geaccepteerd', messageOf(error), found, other);
      } else {
        show('Opslaan is niet gelukt', messageOf(error), {}, []);
      }
    } finally {
      setBusy(false);
    }
  };

  const input = (field: TeamField, hint?: string) => (
    <Field id={`${prefix}-${field}`} label={LABELS[field]} hint={hint} error={errors[field]}>
      {(aria) => (
        <input
          {...aria}
          ref={field === 'name' ? first : undefined}
          value={values[field]}
          spellcheck={false}
          onInput={(event) => {
            const value = event.currentTarget.value;
            setValues((current) => ({ ...current, [field]: value }));
          }}
        />
      )}
    </Field>
  );

  return (
    <form
      class="admin-form team-form"
      noValidate
      onSubmit={submit}
      aria-label={team ? `Team ${team.name} wijzigen` : 'Nieuw team'}
    >
      {summary && (
        <ErrorSummary
          title={summary.title}
          intro={summary.intro}
          items={summary.items}
          onGoTo={(goal) => document.getElementById(goal.domId)?.focus()}
          summaryRef={summaryBox}
        />
      )}
      {!team && input('id', 'Kleine letters, cijfers en koppeltekens, bijvoorbeeld slt-breda-noord; ligt daarna vast.')}
      {input('name')}
      {input('region')}
      <div class="admin-actions">
        <button type="submit" disabled={busy}>
          {team ? 'Opslaan' : 'Team aanmaken'}
        </button>
        {team && (
          <button type="button" class="secondary" onClick={() => onDone(null)}>
            Annuleren
          </button>
        )}
      </div>
    </form>
  );
}
