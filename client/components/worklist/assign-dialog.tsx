import { useEffect, useRef, useState } from 'preact/hooks';
import type { Task, User } from '../../../server/contract/api';
import { api, messageOf } from '../../api/http';

/**
 * Choosing the colleague a task goes to. A modal <dialog>: the browser keeps focus inside it and
 * closes it on Escape; the screen puts focus back on the row afterwards.
 */
export function AssignDialog({
  task,
  holderName,
  assign,
  onClose,
}: {
  task: Task;
  holderName: string;
  /** Runs the assignment (the screen applies and announces the result). */
  assign: (colleague: User) => Promise<void>;
  /** `assigned` tells whether the task went to someone, so the screen knows where focus belongs. */
  onClose: (assigned: boolean) => void;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const select = useRef<HTMLSelectElement>(null);
  const [candidates, setCandidates] = useState<User[] | null>(null);
  const [choice, setChoice] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    dialog.current?.showModal();
    let current = true;
    api
      .get<User[]>(`/api/tasks/${encodeURIComponent(task.id)}/candidates`)
      .then((users) => {
        if (!current) return;
        // The present holder is no choice: assigning to them would change nothing.
        setCandidates(users.filter((colleague) => colleague.id !== task.assignee));
      })
      .catch((failure: unknown) => current && setError(messageOf(failure)));
    return () => {
      current = false;
    };
  }, [task.id, task.assignee]);

  // The select appears once the colleagues are known; that is where the user continues.
  useEffect(() => {
    if (candidates && candidates.length > 0) select.current?.focus();
  }, [candidates]);

  const submit = async (event: Event) => {
    event.preventDefault();
    const colleague = candidates?.find((candidate) => candidate.id === choice);
    if (!colleague) {
      setError('Kies een collega.');
      select.current?.focus();
      return;
    }
    setBusy(true);
    setError('');
    try {
      await assign(colleague);
      onClose(true);
    } catch (failure) {
      setError(messageOf(failure));
      setBusy(false);
    }
  };

  const onCancel = (event: Event) => {
    // Escape: let the screen unmount the dialog, so its state and the DOM agree.
    event.preventDefault();
    onClose(false);
  };

  return (
    <dialog
      ref={dialog}
      class="assign-dialog"
      aria-labelledby="toewijzen-titel"
      aria-describedby="toewijzen-taak"
      onCancel={onCancel}
    >
      <form onSubmit={submit} noValidate>
        <h2 id="toewijzen-titel">Taak toewijzen</h2>
        <p id="toewijzen-taak">
          <strong>{task.name}</strong>, casus {task.caseId}. Nu bij: {task.assignee ? holderName : 'niemand (open)'}.
        </p>
        {candidates === null && !error ? <p>Collega’s worden geladen…</p> : null}
        {candidates !== null && candidates.length === 0 ? (
          <p>Er is geen andere collega die deze taak kan krijgen.</p>
        ) : null}
        {candidates !== null && candidates.length > 0 ? (
          <div class="field">
            <label for="toewijzen-aan">Toewijzen aan</label>
            <select
              id="toewijzen-aan"
              ref={select}
              value={choice}
              required
              aria-invalid={error && !choice ? 'true' : undefined}
              aria-describedby={error ? 'toewijzen-fout' : undefined}
              onChange={(event) => setChoice(event.currentTarget.value)}
            >
              <option value="">Kies een collega</option>
              {candidates.map((colleague) => (
                <option key={colleague.id} value={colleague.id}>
                  {colleague.name}
                </option>
              ))}
            </select>
          </div>
        ) : null}
        <p id="toewijzen-fout" role="alert" class="error-text">
          {error}
        </p>
        <div class="dialog-buttons">
          <button type="submit" disabled={busy || !candidates || candidates.length === 0}>
            {busy ? 'Bezig met toewijzen…' : 'Toewijzen'}
          </button>
          <button type="button" class="secondary" onClick={() => onClose(false)}>
            Annuleren
          </button>
        </div>
      </form>
    </dialog>
  );
}
