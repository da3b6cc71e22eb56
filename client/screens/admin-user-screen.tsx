import { useEffect, useRef, useState } from 'preact/hooks';
import type {
  AdminUser,
  CreateUserRequest,
  CreateUserResponse,
  PasswordResetResponse,
  Role,
  Team,
  UpdateUserRequest,
} from '../../server/contract/api';
import { ApiError, api, messageOf, request } from '../api/http';
import { Link, paths } from '../app/router';
import { canManageUsers, ROLE_NAMES, useUser } from '../app/session';
import { AdminNav } from '../components/admin/admin-nav';
import { Field, formatStamp, problemsByField } from '../components/admin/form-parts';
import { AdminNoAccess } from '../components/admin/no-access';
import { OneTimePassword } from '../components/admin/one-time-password';
import { ROLE_OPTIONS } from '../components/admin/roles';
import { usePageTitle } from '../components/page-title';
import { ErrorSummary } from '../components/task/error-summary';
import type { FieldMessage, FieldTarget } from '../components/task/form-controller';
import '../styles/task.css';

/**
 * Nieuwe gebruiker (/beheer/gebruikers/nieuw) and one user (/beheer/gebruikers/:id): the same
 * form for name, e-mail, roles and teams; the server's problems next to their fields and in a
 * summary that takes focus; a new or reset password shown once.
 */

interface Values {
  username: string;
  name: string;
  email: string;
  roles: Role[];
  teams: string[];
}

type FieldName = keyof Values;

const LABELS: Record<FieldName, string> = {
  username: 'Gebruikersnaam',
  name: 'Naam',
  email: 'E-mailadres',
  roles: 'Rollen',
  teams: 'Teams',
};

interface Summary {
  title: string;
  intro: string;
  items: FieldMessage[];
}

type Loaded<T> = { status: 'loading' } | { status: 'failed'; message: string } | ({ status: 'ready' } & T);

function useTeams(enabled: boolean): Loaded<{ teams: Team[] }> {
  const [loaded, setLoaded] = useState<Loaded<{ teams: Team[] }>>({ status: 'loading' });
  useEffect(() => {
    if (!enabled) return;
    api
      .get<Team[]>('/api/admin/teams')
      .then((teams) => setLoaded({ status: 'ready', teams }))
      .catch((error: unknown) => setLoaded({ status: 'failed', message: messageOf(error) }));
  }, [enabled]);
  return loaded;
}

export function AdminUserNewScreen() {
  const user = useUser();
  usePageTitle('Nieuwe gebruiker');
  const teams = useTeams(canManageUsers(user));
  const [created, setCreated] = useState<CreateUserResponse | null>(null);

  if (!canManageUsers(user)) return <AdminNoAccess />;
  return (
    <section class="admin-page">
      <AdminNav current="gebruikers" />
      <p>
        <Link href={paths.adminUsers()}>← Alle gebruikers</Link>
      </p>
      <h1>Nieuwe gebruiker</h1>
      {created ? (
        <>
          <OneTimePassword
            title="De gebruiker is aangemaakt"
            userName={`${created.user.name} (${created.user.username})`}
            password={created.initialPassword}
          />
          <p class="admin-next">
            <Link href={paths.adminUser(created.user.id)}>Gebruiker {created.user.name} bekijken</Link>
            <Link href={paths.adminUsers()}>Naar alle gebruikers</Link>
          </p>
        </>
      ) : teams.status === 'loading' ? (
        <p role="status">Het formulier wordt geladen…</p>
      ) : teams.status === 'failed' ? (
        <p class="notice error">{teams.message}</p>
      ) : (
        <UserForm
          mode="new"
          teams={teams.teams}
          initial={{ username: '', name: '', email: '', roles: [], teams: [] }}
          submitLabel="Gebruiker aanmaken"
          onSubmit={async (values) => {
            const body: CreateUserRequest = {
              username: values.username.trim(),
              name: values.name.trim(),
              roles: values.roles,
              teams: values.teams,
              ...(values.email.trim() ? { email: values.email.trim() } : {}),
            };
            setCreated(await api.post<CreateUserResponse>('/api/admin/users', body));
          }}
        />
      )}
    </section>
  );
}

export function AdminUserEditScreen({ id }: { id: string }) {
  const me = useUser();
  const allowed = canManageUsers(me);
  const teams = useTeams(allowed);
  const [loaded, setLoaded] = useState<Loaded<{ user: AdminUser }>>({ status: 'loading' });
  const [saved, setSaved] = useState('');
  usePageTitle(loaded.status === 'ready' ? `Gebruiker ${loaded.user.name}` : 'Gebruiker');

  useEffect(() => {
    if (!allowed) return;
    api
      .get<AdminUser[]>('/api/admin/users')
      .then((users) => {
        const found = users.find((candidate) => candidate.id === id);
        setLoaded(
          found
            ? { status: 'ready', user: found }
            : { status: 'failed', message: `Er is geen gebruiker met de gebruikersnaam "${id}".` },
        );
      })
      .catch((error: unknown) => setLoaded({ status: 'failed', message: messageOf(error) }));
  }, [allowed, id]);

  if (!allowed) return <AdminNoAccess />;
  const back = (
    <p>
      <Link href={paths.adminUsers()}>← Alle gebruikers</Link>
    </p>
  );
  if (loaded.status === 'loading' || teams.status === 'loading')
    return (
      <section class="admin-page">
        <AdminNav current="gebruikers" />
        <p role="status">De gebruiker wordt geladen…</p>
      </section>
    );
  if (loaded.status === 'failed' || teams.status === 'failed')
    return (
      <section class="admin-page">
        <AdminNav current="gebruikers" />
        {back}
        <h1>Gebruiker</h1>
        <p class="notice error">
          {loaded.status === 'failed' ? loaded.message : teams.status === 'failed' ? teams.message : ''}
        </p>
      </section>
    );
  const user = loaded.user;
  const update = (next: AdminUser) => setLoaded({ status: 'ready', user: next });
  return (
    <section class="admin-page">
      <AdminNav current="gebruikers" />
      {back}
      <h1>{user.name}</h1>
      <p class="muted">
        Gebruikersnaam <strong>{user.username}</strong> · {user.active ? 'actief' : 'gedeactiveerd'} ·{' '}
        {user.lastLoginAt ? `laatst ingelogd ${formatStamp(user.lastLoginAt)}` : 'nog nooit ingelogd'}
        {user.source === 'oidc' ? ' · logt in via de identiteitsprovider van de gemeente' : ''}
      </p>
      {saved && (
        <p class="notice success" role="status">
          {saved}
        </p>
      )}
      <h2>Gegevens</h2>
      <UserForm
        key={user.id}
        mode="edit"
        teams={teams.teams}
        initial={{
          username: user.username,
          name: user.name,
          email: user.email ?? '',
          roles: user.roles,
          teams: user.teams,
        }}
        submitLabel="Wijzigingen opslaan"
        onSubmit={async (values) => {
          setSaved('');
          const body: UpdateUserRequest = {
            name: values.name.trim(),
            roles: values.roles,
            teams: values.teams,
            ...(values.email.trim() ? { email: values.email.trim() } : {}),
          };
          const next = await request<AdminUser>('PATCH', `/api/admin/users/${encodeURIComponent(user.id)}`, body);
          update(next);
          // The server ends the sessions of a user whose rights changed, so they log in again with the new ones.
          const rightsChanged = !sameSet(user.roles, next.roles) || !sameSet(user.teams, next.teams);
          setSaved(
            rightsChanged
              ? 'De wijzigingen zijn opgeslagen. De rollen of teams zijn gewijzigd: de gebruiker is uitgelogd en krijgt de nieuwe rechten bij de volgende keer inloggen.'
              : 'De wijzigingen zijn opgeslagen.',
          );
        }}
      />
      <ActiveSection user={user} onChanged={update} />
      {user.source !== 'oidc' && <PasswordResetSection user={user} />}
    </section>
  );
}

function UserForm(props: {
  mode: 'new' | 'edit';
  teams: Team[];
  initial: Values;
  submitLabel: string;
  onSubmit: (values: Values) => Promise<void>;
}) {
  const [values, setValues] = useState<Values>(props.initial);
  const [errors, setErrors] = useState<Partial<Record<FieldName, string>>>({});
  const [summary, setSummary] = useState<Summary | null>(null);
  const [busy, setBusy] = useState(false);
  const summaryBox = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (summary) summaryBox.current?.focus();
  }, [summary]);

  const domId = (field: FieldName): string => {
    if (field === 'roles') return `rol-${ROLE_OPTIONS[0]}`;
    if (field === 'teams') return props.teams[0] ? `team-${props.teams[0].id}` : 'gebruiker-teams';
    return `gebruiker-${field}`;
  };
  const target = (field: FieldName): FieldTarget => ({ domId: domId(field), label: LABELS[field] });
  const show = (title: string, intro: string, found: Partial<Record<FieldName, string>>, other: string[] = []) => {
    setErrors(found);
    const items: FieldMessage[] = [
      ...(Object.keys(LABELS) as FieldName[])
        .filter((field) => found[field])
        .map((field) => ({ message: found[field] ?? '', target: target(field) })),
      ...other.map((message) => ({ message })),
    ];
    setSummary({ title, intro, items });
  };

  const toggle = <K extends 'roles' | 'teams'>(field: K, value: Values[K][number], on: boolean) => {
    setValues((current) => {
      const list = current[field] as Array<Values[K][number]>;
      const next = on ? [...list.filter((item) => item !== value), value] : list.filter((item) => item !== value);
      return { ...current, [field]: next };
    });
  };

  const submit = async (event: Event) => {
    event.preventDefault();
    if (busy) return;
    const missing: Partial<Record<FieldName, string>> = {};
    if (props.mode === 'new' && !values.username.trim()) missing.username = 'Vul een gebruikersnaam in.';
    if (!values.name.trim()) missing.name = 'Vul een naam in.';
    if (values.roles.length === 0) missing.roles = 'Kies minstens één rol.';
    if (Object.keys(missing).length > 0) {
      show('Het formulier is nog niet compleet', 'Verbeter deze velden en probeer het opnieuw:', missing);
      return;
    }
    setBusy(true);
    try {
      await props.onSubmit(values);
      setErrors({});
      setSummary(null);
    } catch (error) {
      if (error instanceof ApiError && (error.status === 400 || error.status === 409)) {
        const byField = problemsByField(error.problem.problems);
        const found: Partial<Record<FieldName, string>> = {};
        const other: string[] = [];
        for (const [field, message] of Object.entries(byField)) {
          if (field in LABELS) found[field as FieldName] = message;
          else other.push(message);
        }
        // A taken username comes as a conflict on the request as a whole: it belongs at the username.
        if (error.status === 409 && Object.keys(found).length === 0 && props.mode === 'new')
          found.username = messageOf(error);
        show(
          'De server heeft de gegevens niet geaccepteerd',
          error.status === 409 ? messageOf(error) : 'Verbeter deze punten en probeer het opnieuw:',
          found,
          other,
        );
      } else {
        show('Opslaan is niet gelukt', messageOf(error), {});
      }
    } finally {
      setBusy(false);
    }
  };

  const text = (field: 'username' | 'name' | 'email', type: string, autocomplete: string, hint?: string) => (
    <Field id={`gebruiker-${field}`} label={LABELS[field]} hint={hint} error={errors[field]}>
      {(aria) => (
        <input
          {...aria}
          type={type}
          autocomplete={autocomplete}
          spellcheck={false}
          value={values[field]}
          onInput={(event) => {
            const value = event.currentTarget.value;
            setValues((current) => ({ ...current, [field]: value }));
          }}
        />
      )}
    </Field>
  );

  return (
    <form class="admin-form" noValidate onSubmit={submit}>
      {summary && (
        <ErrorSummary
          title={summary.title}
          intro={summary.intro}
          items={summary.items}
          onGoTo={(goal) => document.getElementById(goal.domId)?.focus()}
          summaryRef={summaryBox}
        />
      )}
      {props.mode === 'new' &&
        text(
          'username',
          'text',
          'off',
          'Kleine letters, cijfers, punt, liggend streepje of koppelteken; ligt daarna vast.',
        )}
      {text('name', 'text', 'off')}
      {text('email', 'email', 'off')}
      <Choices
        field="roles"
        legend="Rollen"
        error={errors.roles}
        options={ROLE_OPTIONS.map((role) => ({ value: role, label: ROLE_NAMES[role] ?? role, id: `rol-${role}` }))}
        checked={values.roles}
        onToggle={(value, on) => toggle('roles', value as Role, on)}
      />
      <Choices
        field="teams"
        legend="Teams"
        hint="Teamrollen zien de casussen van hun teams; regionale rollen hebben geen team nodig."
        error={errors.teams}
        options={props.teams.map((team) => ({
          value: team.id,
          label: `${team.name} (${team.region})`,
          id: `team-${team.id}`,
        }))}
        checked={values.teams}
        onToggle={(value, on) => toggle('teams', value, on)}
      />
      <div class="admin-actions">
        <button type="submit" disabled={busy}>
          {busy ? 'Bezig met opslaan…' : props.submitLabel}
        </button>
      </div>
    </form>
  );
}

function Choices(props: {
  field: string;
  legend: string;
  hint?: string;
  error: string | undefined;
  options: Array<{ value: string; label: string; id: string }>;
  checked: string[];
  onToggle: (value: string, on: boolean) => void;
}) {
  const base = `gebruiker-${props.field}`;
  const described = [props.hint ? `${base}-uitleg` : '', props.error ? `${base}-fout` : ''].filter(Boolean).join(' ');
  return (
    <fieldset
      class="admin-choices"
      id={base}
      aria-describedby={described || undefined}
      aria-invalid={props.error ? true : undefined}
    >
      <legend>{props.legend}</legend>
      {props.hint && (
        <p id={`${base}-uitleg`} class="hint">
          {props.hint}
        </p>
      )}
      {props.error && (
        <p id={`${base}-fout`} class="error-text">
          {props.error}
        </p>
      )}
      {props.options.length === 0 && <p class="muted">Er zijn nog geen teams; maak ze aan onder Teams.</p>}
      <ul>
        {props.options.map((option) => (
          <li key={option.value}>
            <input
              type="checkbox"
              id={option.id}
              checked={props.checked.includes(option.value)}
              onChange={(event) => props.onToggle(option.value, event.currentTarget.checked)}
            />
            <label for={option.id}>{option.label}</label>
          </li>
        ))}
      </ul>
    </fieldset>
  );
}

/** Deactivating asks first: it ends the user's sessions and live connections at once. */
function ActiveSection({ user, onChanged }: { user: AdminUser; onChanged: (user: AdminUser) => void }) {
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const [done, setDone] = useState('');
  const confirmBox = useRef<HTMLDivElement>(null);
  const startButton = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (confirming) confirmBox.current?.focus();
  }, [confirming]);

  const change = async () => {
    setBusy(true);
    setError('');
    try {
      const next = await request<AdminUser>('PATCH', `/api/admin/users/${encodeURIComponent(user.id)}`, {
        active: !user.active,
      } satisfies UpdateUserRequest);
      setConfirming(false);
      setDone(
        next.active
          ? `${next.name} is weer actief en kan inloggen.`
          : `${next.name} is gedeactiveerd; hun sessies zijn beëindigd.`,
      );
      onChanged(next);
    } catch (failure) {
      setError(messageOf(failure));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="admin-section" aria-labelledby="account-titel">
      <h2 id="account-titel">Account</h2>
      <p>
        Status: <strong>{user.active ? 'actief' : 'gedeactiveerd'}</strong>
      </p>
      <p role="status">{done}</p>
      {confirming ? (
        <div class="notice admin-confirm" role="group" tabIndex={-1} ref={confirmBox} aria-labelledby="bevestig-titel">
          <h3 id="bevestig-titel">{user.active ? `${user.name} deactiveren?` : `${user.name} weer activeren?`}</h3>
          <p>
            {user.active
              ? 'Alle sessies van deze gebruiker eindigen direct, ook open schermen en live verbindingen. Daarna kan de gebruiker niet meer inloggen tot u het account weer activeert.'
              : 'De gebruiker kan daarna weer inloggen met het bestaande wachtwoord.'}
          </p>
          {error && <p class="error-text">{error}</p>}
          <div class="admin-actions">
            <button
              type="button"
              class={user.active ? 'danger' : undefined}
              disabled={busy}
              onClick={() => void change()}
            >
              {user.active ? 'Ja, deactiveren' : 'Ja, activeren'}
            </button>
            <button
              type="button"
              class="secondary"
              onClick={() => {
                setConfirming(false);
                setError('');
                startButton.current?.focus();
              }}
            >
              Annuleren
            </button>
          </div>
        </div>
      ) : (
        <button
          type="button"
          class="secondary"
          ref={startButton}
          onClick={() => {
            setDone('');
            setConfirming(true);
          }}
        >
          {user.active ? 'Deactiveren' : 'Activeren'}
        </button>
      )}
    </section>
  );
}

/** A reset makes the current password useless and shows a new one-time password once. */
function PasswordResetSection({ user }: { user: AdminUser }) {
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const [password, setPassword] = useState('');
  const confirmBox = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (confirming) confirmBox.current?.focus();
  }, [confirming]);

  const reset = async () => {
    setBusy(true);
    setError('');
    try {
      const answer = await api.post<PasswordResetResponse>(
        `/api/admin/users/${encodeURIComponent(user.id)}/password-reset`,
      );
      setConfirming(false);
      setPassword(answer.initialPassword);
    } catch (failure) {
      setError(messageOf(failure));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="admin-section" aria-labelledby="wachtwoord-titel">
      <h2 id="wachtwoord-titel">Wachtwoord</h2>
      {password ? (
        <OneTimePassword title="Nieuw eenmalig wachtwoord" userName={user.name} password={password} />
      ) : confirming ? (
        <div class="notice admin-confirm" role="group" tabIndex={-1} ref={confirmBox} aria-labelledby="reset-titel">
          <h3 id="reset-titel">Wachtwoord van {user.name} opnieuw instellen?</h3>
          <p>
            Het huidige wachtwoord werkt daarna niet meer. U krijgt één keer een nieuw eenmalig wachtwoord te zien, dat
            de gebruiker bij de volgende keer inloggen moet wijzigen.
          </p>
          {error && <p class="error-text">{error}</p>}
          <div class="admin-actions">
            <button type="button" disabled={busy} onClick={() => void reset()}>
              Ja, nieuw wachtwoord maken
            </button>
            <button type="button" class="secondary" onClick={() => setConfirming(false)}>
              Annuleren
            </button>
          </div>
        </div>
      ) : (
        <button type="button" class="secondary" onClick={() => setConfirming(true)}>
          Wachtwoord opnieuw instellen
        </button>
      )}
    </section>
  );
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((item) => b.includes(item));
}
