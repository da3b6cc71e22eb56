import { useEffect, useRef, useState } from 'preact/hooks';
import type { ChangePasswordRequest } from '../../server/contract/api';
import { ApiError, api, messageOf } from '../api/http';
import { navigate } from '../app/router';
import { logout, useUser } from '../app/session';
import { Field, problemsByField } from '../components/admin/form-parts';
import { usePageTitle } from '../components/page-title';
import { ErrorSummary } from '../components/task/error-summary';
import type { FieldMessage } from '../components/task/form-controller';
import '../styles/task.css';
import '../styles/admin.css';

/**
 * Choosing a password: forced after a one-time password (the app shows nothing else until it is
 * done, since the server refuses every other call), and by choice at /wachtwoord. The rule is
 * stated before anyone types; the server decides what is too weak and its answer is shown at the
 * field it concerns.
 */

/** Kept in step with MIN_PASSWORD_LENGTH in server/contract/admin.ts (the client imports the contract as types only). */
const MIN_LENGTH = 12;
const RULE = `Minstens ${MIN_LENGTH} tekens, geen veelgebruikt wachtwoord, en niet uw gebruikersnaam of huidige wachtwoord. Een zin van een paar woorden werkt goed.`;

export function ForcedPasswordScreen({ onChanged, onLogout }: { onChanged: () => void; onLogout: () => void }) {
  const user = useUser();
  usePageTitle('Kies een nieuw wachtwoord');
  const leave = async () => {
    await logout();
    navigate('/', { replace: true });
    onLogout();
  };
  return (
    <main id="inhoud" class="password-page forced">
      <h1>Kies een nieuw wachtwoord</h1>
      <p>
        Welkom, {user.name}. U bent ingelogd met een eenmalig wachtwoord. Kies eerst uw eigen wachtwoord; daarna opent
        Casusregie.
      </p>
      <PasswordForm
        submitLabel="Wachtwoord opslaan en verder"
        currentLabel="Eenmalig wachtwoord"
        onChanged={onChanged}
      />
      <p>
        <button type="button" class="secondary" onClick={() => void leave()}>
          Uitloggen
        </button>
      </p>
    </main>
  );
}

export function PasswordScreen() {
  usePageTitle('Wachtwoord wijzigen');
  const [done, setDone] = useState(false);
  const [round, setRound] = useState(0);
  return (
    <section class="password-page">
      <h1>Wachtwoord wijzigen</h1>
      {done && (
        <p class="notice success" role="status">
          Uw wachtwoord is gewijzigd. Gebruik het nieuwe wachtwoord voortaan bij het inloggen.
        </p>
      )}
      <PasswordForm
        key={round}
        submitLabel="Wachtwoord wijzigen"
        currentLabel="Huidig wachtwoord"
        onChanged={() => {
          setDone(true);
          setRound((value) => value + 1);
        }}
      />
    </section>
  );
}

type PasswordField = 'current' | 'new' | 'repeat';

function PasswordForm(props: { submitLabel: string; currentLabel: string; onChanged: () => void }) {
  const labels: Record<PasswordField, string> = {
    current: props.currentLabel,
    new: 'Nieuw wachtwoord',
    repeat: 'Herhaal het nieuwe wachtwoord',
  };
  const ids: Record<PasswordField, string> = {
    current: 'wachtwoord-huidig',
    new: 'wachtwoord-nieuw',
    repeat: 'wachtwoord-herhaal',
  };
  const [values, setValues] = useState<Record<PasswordField, string>>({ current: '', new: '', repeat: '' });
  const [errors, setErrors] = useState<Partial<Record<PasswordField, string>>>({});
  const [summary, setSummary] = useState<{ title: string; intro: string; items: FieldMessage[] } | null>(null);
  const [busy, setBusy] = useState(false);
  const summaryBox = useRef<HTMLDivElement>(null);
  const first = useRef<HTMLInputElement>(null);
  useEffect(() => first.current?.focus(), []);
  useEffect(() => {
    if (summary) summaryBox.current?.focus();
  }, [summary]);

  const show = (title: string, intro: string, found: Partial<Record<PasswordField, string>>) => {
    setErrors(found);
    setSummary({
      title,
      intro,
      items: (['current', 'new', 'repeat'] as const)
        .filter((field) => found[field])
        .map((field) => ({ message: found[field] ?? '', target: { domId: ids[field], label: labels[field] } })),
    });
  };

  const submit = async (event: Event) => {
    event.preventDefault();
    if (busy) return;
    const missing: Partial<Record<PasswordField, string>> = {};
    if (!values.current) missing.current = 'Vul uw huidige wachtwoord in.';
    if (!values.new) missing.new = 'Vul een nieuw wachtwoord in.';
    else if (values.repeat !== values.new) missing.repeat = 'De twee nieuwe wachtwoorden zijn niet gelijk.';
    if (Object.keys(missing).length > 0) {
      show('Het wachtwoord is nog niet gewijzigd', 'Verbeter deze velden en probeer het opnieuw:', missing);
      return;
    }
    setBusy(true);
    try {
      await api.put<undefined>('/api/me/password', {
        current: values.current,
        new: values.new,
      } satisfies ChangePasswordRequest);
      setBusy(false);
      props.onChanged();
    } catch (error) {
      setBusy(false);
      if (error instanceof ApiError && error.status === 400) {
        const byField = problemsByField(error.problem.problems);
        const found: Partial<Record<PasswordField, string>> = {};
        if (byField.current) found.current = byField.current;
        if (byField.new) found.new = byField.new;
        if (!found.current && !found.new) found.new = messageOf(error);
        show('Het wachtwoord is niet gewijzigd', 'Verbeter deze velden en probeer het opnieuw:', found);
      } else {
        show('Het wachtwoord is niet gewijzigd', messageOf(error), {});
      }
    }
  };

  const input = (field: PasswordField, autocomplete: string, hint?: string) => (
    <Field id={ids[field]} label={labels[field]} hint={hint} error={errors[field]}>
      {(aria) => (
        <input
          {...aria}
          ref={field === 'current' ? first : undefined}
          type="password"
          autocomplete={autocomplete}
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
    <form class="admin-form password-form" noValidate onSubmit={submit}>
      {summary && (
        <ErrorSummary
          title={summary.title}
          intro={summary.intro}
          items={summary.items}
          onGoTo={(goal) => document.getElementById(goal.domId)?.focus()}
          summaryRef={summaryBox}
        />
      )}
      <p class="notice" id="wachtwoord-regel">
        <strong>Eisen aan het nieuwe wachtwoord:</strong> {RULE}
      </p>
      {input('current', 'current-password')}
      {input('new', 'new-password', `Minstens ${MIN_LENGTH} tekens, geen veelgebruikt wachtwoord.`)}
      {input('repeat', 'new-password')}
      <div class="admin-actions">
        <button type="submit" disabled={busy}>
          {busy ? 'Bezig…' : props.submitLabel}
        </button>
      </div>
    </form>
  );
}
