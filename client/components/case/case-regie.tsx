import { useEffect, useRef, useState } from 'preact/hooks';
import type { CaseHistoryEntry, User } from '../../../server/contract/api';
import { ApiError, api, messageOf } from '../../api/http';
import { formatDateTime } from '../due-date';
import '../../styles/case-regie.css';

/** Who owns the case and whether it was closed, as the case's history records it. */
export interface CaseStanding {
  regisseur: string | undefined;
  closed: { by: string; at: string; reason: string } | undefined;
}

/**
 * The history is the record: the last `case.regisseur-assigned` names the regievoerder, a
 * `case.closed` says who closed the case, when and why.
 */
export function standingOf(history: readonly CaseHistoryEntry[]): CaseStanding {
  let regisseur: string | undefined;
  let closed: CaseStanding['closed'];
  for (const entry of history) {
    const type: string = entry.type;
    if (type === 'case.regisseur-assigned' && typeof entry.data?.regisseur === 'string')
      regisseur = entry.data.regisseur;
    if (type === 'case.closed')
      closed = {
        by: entry.actor,
        at: entry.at,
        reason: typeof entry.data?.reden === 'string' ? entry.data.reden : '',
      };
  }
  return { regisseur, closed };
}

/**
 * The case's regievoerder ("1 gezin, 1 plan, 1 regisseur") and closing the case. The teamleider
 * of the case's team assigns or changes the regievoerder; a procesregisseur of the team takes an
 * unowned case; the regievoerder and the teamleider close it with a reason.
 */
export function CaseRegie({
  caseId,
  team,
  standing,
  user,
  users,
  names,
  onChanged,
}: {
  caseId: string;
  team: string;
  standing: CaseStanding;
  user: User;
  users: readonly User[] | null;
  names: ReadonlyMap<string, string>;
  /** Reads the case again after a change. */
  onChanged: () => void;
}) {
  const nameOf = (id: string) => names.get(id) ?? id;
  const leader = user.roles.includes('teamleider') && user.teams.includes(team);
  const regisseurInTeam = user.roles.includes('procesregisseur') && user.teams.includes(team);
  const open = standing.closed === undefined;
  const canTake = open && regisseurInTeam && standing.regisseur === undefined;
  const canClose = open && (leader || (standing.regisseur !== undefined && standing.regisseur === user.id));

  const [message, setMessage] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const status = useRef<HTMLParagraphElement>(null);
  const closedNotice = useRef<HTMLHeadingElement>(null);
  // Once the page shows the case closed, focus goes to the notice that says so (the form is gone).
  const focusClosed = useRef(false);
  useEffect(() => {
    if (standing.closed && focusClosed.current) {
      focusClosed.current = false;
      closedNotice.current?.focus();
    }
  }, [standing.closed]);

  const take = async () => {
    setBusy(true);
    setError('');
    try {
      await api.put(`/api/cases/${encodeURIComponent(caseId)}/regisseur`, { userId: user.id });
      onChanged();
      setMessage('U bent nu de regievoerder van deze casus.');
      status.current?.focus();
    } catch (failure) {
      setError(`Regie nemen lukte niet. ${messageOf(failure)}`);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="case-regie" aria-labelledby="regie-kop">
      <h2 id="regie-kop">Regie</h2>
      <p class="regisseur-line" ref={status} tabIndex={-1}>
        <span class="label">Regievoerder:</span>{' '}
        {standing.regisseur ? (
          <strong>
            {nameOf(standing.regisseur)}
            {standing.regisseur === user.id ? <span class="muted"> (u)</span> : null}
          </strong>
        ) : (
          <span class="unassigned">nog niemand</span>
        )}
      </p>
      <p role="status" class="regie-status">
        {message}
      </p>
      {error ? (
        <p role="alert" class="notice error">
          {error}
        </p>
      ) : null}

      {standing.closed ? (
        <div class="notice case-closed">
          <h3 ref={closedNotice} tabIndex={-1}>
            Deze casus is gesloten
          </h3>
          <p>
            Gesloten door <strong>{nameOf(standing.closed.by)}</strong> op{' '}
            <time dateTime={standing.closed.at}>{formatDateTime(new Date(standing.closed.at))}</time>.
          </p>
          <p class="closed-reason">
            <span class="label">Reden:</span> {standing.closed.reason}
          </p>
        </div>
      ) : null}

      <div class="regie-actions">
        {canTake ? (
          <button type="button" onClick={() => void take()} disabled={busy}>
            {busy ? 'Bezig…' : 'Regie nemen'}
          </button>
        ) : null}
        {open && leader ? (
          <AssignRegisseur
            caseId={caseId}
            team={team}
            current={standing.regisseur}
            users={users}
            onAssigned={(colleague) => {
              onChanged();
              setError('');
              setMessage(`${colleague.name} is nu de regievoerder van deze casus.`);
            }}
          />
        ) : null}
      </div>
      {canClose ? (
        <CloseCase
          caseId={caseId}
          onClosed={() => {
            focusClosed.current = true;
            setMessage('De casus is gesloten.');
            onChanged();
          }}
        />
      ) : null}
    </section>
  );
}

/** The teamleider's choice of regievoerder: the procesregisseurs of the case's team. */
function AssignRegisseur({
  caseId,
  team,
  current,
  users,
  onAssigned,
}: {
  caseId: string;
  team: string;
  current: string | undefined;
  users: readonly User[] | null;
  onAssigned: (colleague: User) => void;
}) {
  const candidates = (users ?? [])
    .filter((candidate) => candidate.roles.includes('procesregisseur') && candidate.teams.includes(team))
    .sort((a, b) => a.name.localeCompare(b.name, 'nl'));
  const [choice, setChoice] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const select = useRef<HTMLSelectElement>(null);
  useEffect(() => setChoice(''), [current]);

  const submit = async (event: Event) => {
    event.preventDefault();
    const colleague = candidates.find((candidate) => candidate.id === choice);
    if (!colleague) {
      setError('Kies een procesregisseur.');
      select.current?.focus();
      return;
    }
    setBusy(true);
    setError('');
    try {
      await api.put(`/api/cases/${encodeURIComponent(caseId)}/regisseur`, { userId: colleague.id });
      onAssigned(colleague);
      select.current?.focus();
    } catch (failure) {
      setError(messageOf(failure));
      select.current?.focus();
    } finally {
      setBusy(false);
    }
  };

  if (users === null) return <p class="muted">De procesregisseurs van het team worden geladen…</p>;
  if (candidates.length === 0) return <p class="muted">Dit team heeft geen procesregisseurs om de regie te geven.</p>;
  return (
    <form class="assign-regisseur" onSubmit={submit} noValidate>
      <div class="field">
        <label for="regievoerder-keuze">{current ? 'Andere regievoerder' : 'Regievoerder toewijzen'}</label>
        <select
          id="regievoerder-keuze"
          ref={select}
          value={choice}
          aria-invalid={error ? 'true' : undefined}
          aria-describedby={error ? 'regievoerder-fout' : undefined}
          onChange={(event) => setChoice(event.currentTarget.value)}
        >
          <option value="">Kies een procesregisseur</option>
          {candidates.map((candidate) => (
            <option key={candidate.id} value={candidate.id} disabled={candidate.id === current}>
              {candidate.name}
              {candidate.id === current ? ' (nu regievoerder)' : ''}
            </option>
          ))}
        </select>
      </div>
      <button type="submit" class="secondary" disabled={busy}>
        {busy ? 'Bezig…' : current ? 'Wijzigen' : 'Toewijzen'}
      </button>
      <p id="regievoerder-fout" role="alert" class="error-text">
        {error}
      </p>
    </form>
  );
}

/**
 * Closing a withdrawn or finished case, with a required reason. Inline, not a dialog: the user
 * reads the case while writing why it closes. Focus goes to the reason when it opens, back to the
 * button when cancelled, to the closed notice when done.
 */
function CloseCase({ caseId, onClosed }: { caseId: string; onClosed: () => void }) {
  const [opened, setOpened] = useState(false);
  const [reason, setReason] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const opener = useRef<HTMLButtonElement>(null);
  const field = useRef<HTMLTextAreaElement>(null);

  useEffect(() => {
    if (opened) field.current?.focus();
  }, [opened]);

  const cancel = () => {
    setOpened(false);
    setError('');
    // The button returns in the next render; focus it then.
    requestAnimationFrame(() => opener.current?.focus());
  };

  const submit = async (event: Event) => {
    event.preventDefault();
    if (reason.trim() === '') {
      setError('Geef een reden voor het afsluiten.');
      field.current?.focus();
      return;
    }
    setBusy(true);
    setError('');
    try {
      await api.post(`/api/cases/${encodeURIComponent(caseId)}/close`, { reden: reason.trim() });
      onClosed();
    } catch (failure) {
      setError(
        failure instanceof ApiError ? (failure.fieldMessage('reden') ?? messageOf(failure)) : messageOf(failure),
      );
      setBusy(false);
      field.current?.focus();
    }
  };

  if (!opened)
    return (
      <p class="close-open">
        <button type="button" class="secondary danger" ref={opener} onClick={() => setOpened(true)}>
          Casus afsluiten
        </button>
      </p>
    );
  return (
    <form class="close-case" onSubmit={submit} noValidate aria-labelledby="afsluiten-kop">
      <h3 id="afsluiten-kop">Casus afsluiten</h3>
      <p id="afsluiten-uitleg">
        Sluit een ingetrokken of afgeronde casus. Lopende processen worden afgebroken en open taken vervallen.
      </p>
      <div class="field">
        <label for="afsluit-reden">Reden (verplicht)</label>
        <textarea
          id="afsluit-reden"
          ref={field}
          rows={3}
          value={reason}
          required
          aria-required="true"
          aria-invalid={error ? 'true' : undefined}
          aria-describedby={error ? 'afsluiten-uitleg afsluit-fout' : 'afsluiten-uitleg'}
          onInput={(event) => setReason(event.currentTarget.value)}
        />
      </div>
      <p id="afsluit-fout" role="alert" class="error-text">
        {error}
      </p>
      <div class="form-buttons">
        <button type="submit" class="danger" disabled={busy}>
          {busy ? 'Bezig met afsluiten…' : 'Casus afsluiten'}
        </button>
        <button type="button" class="secondary" onClick={cancel} disabled={busy}>
          Annuleren
        </button>
      </div>
    </form>
  );
}
