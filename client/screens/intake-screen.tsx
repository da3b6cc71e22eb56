import { useEffect, useRef, useState } from 'preact/hooks';
import type {
  PossibleDuplicates,
  ProblemItem,
  StartForm,
  StartInstanceResponse,
  Team,
  Variables,
} from '../../server/contract/api';
import { ApiError, api, messageOf } from '../api/http';
import { Link, navigate, paths } from '../app/router';
import { canRegister, useUser } from '../app/session';
import { usePageTitle } from '../components/page-title';
import { ErrorSummary } from '../components/task/error-summary';
import type { FieldMessage, FieldTarget, FormController } from '../components/task/form-controller';
import { FormView } from '../components/task/form-view';
import '../styles/task.css';
import '../styles/intake.css';

/**
 * Aanmelden (/aanmelden): a new hulpvraag becomes a case. The toeleiding's start form (served by
 * the server, which validates it again), the team chosen outside the form, and before a second
 * case is made for a youth the team already has open, a warning that links to that case.
 */

const PROCESS = 'toeleiding';
const TEAM_FIELD = 'aanmelden-team';
type Loaded =
  | { status: 'loading' }
  | { status: 'failed'; message: string }
  | { status: 'ready'; startForm: StartForm; teams: Team[] };

interface Summary {
  title: string;
  intro?: string | undefined;
  items: FieldMessage[];
}

/** The youth and team a duplicate warning was about: going on only counts for exactly these. */
interface Warning {
  key: string;
  caseIds: string[];
}

export function IntakeScreen() {
  const user = useUser();
  const [loaded, setLoaded] = useState<Loaded>({ status: 'loading' });
  usePageTitle('Aanmelden');

  useEffect(() => {
    if (!canRegister(user)) return;
    Promise.all([api.get<StartForm>(`/api/definitions/${PROCESS}/start-form`), api.get<Team[]>('/api/teams')])
      .then(([startForm, teams]) => setLoaded({ status: 'ready', startForm, teams }))
      .catch((error: unknown) => setLoaded({ status: 'failed', message: messageOf(error) }));
  }, [user]);

  if (!canRegister(user)) {
    return (
      <section>
        <h1>Aanmelden</h1>
        <p>Aanmelden doen medewerkers van het SLT, procesregisseurs en de crisisdienst. U heeft geen van die rollen.</p>
      </section>
    );
  }
  if (loaded.status === 'loading') return <p role="status">Het aanmeldformulier wordt geladen…</p>;
  if (loaded.status === 'failed') {
    return (
      <section>
        <h1>Aanmelden</h1>
        <p class="notice error">{loaded.message}</p>
      </section>
    );
  }
  // A regional role registers for any team of the region; everyone else for their own teams.
  const regional = user.roles.includes('crisisdienst');
  const teams = regional ? loaded.teams : loaded.teams.filter((team) => user.teams.includes(team.id));
  return <IntakeForm startForm={loaded.startForm} teams={teams} />;
}

function IntakeForm({ startForm, teams }: { startForm: StartForm; teams: Team[] }) {
  const [controller, setController] = useState<FormController | null>(null);
  const [team, setTeam] = useState(teams.length === 1 ? teams[0]!.id : '');
  const [teamError, setTeamError] = useState<string | null>(null);
  const [summary, setSummary] = useState<Summary | null>(null);
  const [warning, setWarning] = useState<Warning | null>(null);
  const [busy, setBusy] = useState(false);
  const formArea = useRef<HTMLDivElement>(null);
  const summaryBox = useRef<HTMLDivElement>(null);
  const warningBox = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (summary) summaryBox.current?.focus();
  }, [summary]);
  useEffect(() => {
    if (warning) warningBox.current?.focus();
  }, [warning]);

  const teamTarget: FieldTarget = { domId: TEAM_FIELD, label: 'Team' };

  const goTo = (target: FieldTarget) => {
    if (target.domId === TEAM_FIELD) {
      document.getElementById(TEAM_FIELD)?.focus();
      return;
    }
    if (controller && formArea.current) controller.focus(target, formArea.current);
  };

  /** Problems of the browser's own checks, or of the server's answer, at the top and at their fields. */
  const showProblems = (title: string, intro: string, problems: ProblemItem[]) => {
    const teamProblem = problems.find((problem) => problem.path === 'team');
    setTeamError(teamProblem?.message ?? null);
    const fieldProblems = problems.filter((problem) => problem !== teamProblem);
    const placed = controller ? controller.showServerProblems(fieldProblems) : [];
    const items = [...(teamProblem ? [{ message: teamProblem.message, target: teamTarget }] : []), ...placed];
    setSummary({ title, intro, items });
  };

  const submit = async (goOnDespite?: Warning) => {
    if (!controller || busy) return;
    setWarning(null);
    const result = controller.submit();
    const teamMissing = team === '' ? 'Kies het team waarvoor u aanmeldt.' : null;
    setTeamError(teamMissing);
    if (result.errors.length > 0 || teamMissing) {
      setSummary({
        title: 'Het formulier is nog niet compleet',
        intro: 'Verbeter deze velden en meld dan opnieuw aan:',
        items: [...(teamMissing ? [{ message: teamMissing, target: teamTarget }] : []), ...result.errors],
      });
      return;
    }
    // Dates come as ISO dates; one typed wrongly is among the form's errors above.
    const data = result.data;
    setSummary(null);
    setBusy(true);
    try {
      const youth = youthOf(data);
      const key = youth ? JSON.stringify([team, youth.initialen, youth.geboortedatum]) : '';
      if (youth && goOnDespite?.key !== key) {
        const query = new URLSearchParams({ team, ...youth });
        const { possibleDuplicates } = await api.get<PossibleDuplicates>(`/api/cases/possible-duplicates?${query}`);
        if (possibleDuplicates.length > 0) {
          setWarning({ key, caseIds: possibleDuplicates });
          return;
        }
      }
      const started = await api.post<StartInstanceResponse>('/api/instances', {
        definitionKey: PROCESS,
        team,
        variables: data,
      });
      navigate(paths.case(started.caseId));
    } catch (error) {
      if (error instanceof ApiError && error.status === 400) {
        showProblems(
          'De server heeft de aanmelding niet geaccepteerd',
          'Verbeter deze punten en meld dan opnieuw aan:',
          error.problem.problems ?? [],
        );
      } else {
        setSummary({ title: 'De aanmelding is niet gelukt', intro: messageOf(error), items: [] });
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <article class="task-page intake-page">
      <h1>Aanmelden</h1>
      <p>Een nieuwe hulpvraag of verwijzing: na het aanmelden staat de vraagverkenning klaar voor het team.</p>

      {summary && (
        <ErrorSummary
          title={summary.title}
          intro={summary.intro}
          items={summary.items}
          onGoTo={goTo}
          summaryRef={summaryBox}
        />
      )}

      <div class="intake-team">
        <label for={TEAM_FIELD}>Team</label>
        {teams.length === 0 ? (
          <p class="notice error">
            U hoort bij geen geregistreerd team; vraag functioneel beheer om u aan een team toe te voegen.
          </p>
        ) : (
          <select
            id={TEAM_FIELD}
            value={team}
            required
            aria-invalid={teamError ? true : undefined}
            aria-describedby={teamError ? `${TEAM_FIELD}-fout` : undefined}
            onChange={(event) => {
              setTeam(event.currentTarget.value);
              setTeamError(null);
            }}
          >
            {teams.length > 1 && <option value="">Kies een team…</option>}
            {teams.map((candidate) => (
              <option key={candidate.id} value={candidate.id}>
                {candidate.name}
              </option>
            ))}
          </select>
        )}
        {teamError && (
          <p id={`${TEAM_FIELD}-fout`} class="error-text">
            {teamError}
          </p>
        )}
      </div>

      <div class="task-form-area" ref={formArea}>
        <FormView
          schema={startForm.form}
          data={{}}
          readOnly={busy}
          ariaLabel="Aanmeldformulier"
          onChange={() => undefined}
          onReady={setController}
        />
      </div>

      {warning && (
        <div
          class="duplicate-warning notice"
          role="alert"
          tabIndex={-1}
          ref={warningBox}
          aria-labelledby="dubbel-titel"
        >
          <h2 id="dubbel-titel">Deze jeugdige heeft misschien al een open casus</h2>
          <p>
            Het team heeft {warning.caseIds.length === 1 ? 'een open casus' : `${warning.caseIds.length} open casussen`}{' '}
            met dezelfde initialen en geboortedatum. Kijk eerst of het om dezelfde jeugdige gaat; broers en zussen
            kunnen dezelfde initialen hebben.
          </p>
          <ul>
            {warning.caseIds.map((caseId) => (
              <li key={caseId}>
                <Link href={paths.case(caseId)}>Casus {caseId} bekijken</Link>
              </li>
            ))}
          </ul>
          <button type="button" onClick={() => void submit(warning)} disabled={busy}>
            Toch aanmelden
          </button>
        </div>
      )}

      <div class="task-actions">
        <button
          type="button"
          class="primary-action"
          onClick={() => void submit()}
          disabled={busy || !controller || teams.length === 0}
        >
          {busy ? 'Bezig met aanmelden…' : 'Aanmelden'}
        </button>
      </div>
    </article>
  );
}

function youthOf(data: Variables): { initialen: string; geboortedatum: string } | undefined {
  const jeugdige = data.jeugdige;
  if (!jeugdige || typeof jeugdige !== 'object' || Array.isArray(jeugdige)) return undefined;
  const { initialen, geboortedatum } = jeugdige;
  return typeof initialen === 'string' && typeof geboortedatum === 'string' ? { initialen, geboortedatum } : undefined;
}
