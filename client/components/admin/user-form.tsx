import { useEffect, useRef, useState } from 'preact/hooks';
import type { Role, Team } from '../../../server/contract/api';
import { ApiError, messageOf } from '../../api/http';
import { ROLE_NAMES } from '../../app/session';
import { ErrorSummary } from '../task/error-summary';
import type { FieldMessage, FieldTarget } from '../task/form-controller';
import { Field, problemsByField } from './form-parts';
import { ROLE_OPTIONS } from './roles';
import '../../styles/task.css';

/**
 * The form for one user's name, e-mail, roles and teams (new and edit): the server's problems
 * next to their fields and in a summary that takes focus.
 */

export interface UserFormValues {
  username: string;
  name: string;
  email: string;
  roles: Role[];
  teams: string[];
}

type FieldName = keyof UserFormValues;

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

export function UserForm(props: {
  mode: 'new' | 'edit';
  teams: Team[];
  initial: UserFormValues;
  submitLabel: string;
  onSubmit: (values: UserFormValues) => Promise<void>;
}) {
  const [values, setValues] = useState<UserFormValues>(props.initial);
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

  const toggle = <K extends 'roles' | 'teams'>(field: K, value: UserFormValues[K][number], on: boolean) => {
    setValues((current) => {
      const list = current[field] as Array<UserFormValues[K][number]>;
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
