import { useEffect, useRef, useState } from 'preact/hooks';
import type { User } from '../../../server/contract/api';
import {
  type AccessLogView,
  EMPTY_VIEW,
  hasProblems,
  isFiltered,
  type PeriodProblems,
  periodProblems,
} from './access-log-view';

/**
 * The search form: case number, user and period. It searches on "Zoeken" (one search for several
 * fields, not one per key). A period day that does not exist, or a period that ends before it
 * begins, is refused next to its field and nothing is searched; the date is never moved.
 */
export function AccessLogSearch(props: {
  view: AccessLogView;
  directory: ReadonlyMap<string, User>;
  onSearch: (view: AccessLogView) => void;
}) {
  const { view, directory, onSearch } = props;
  const [draft, setDraft] = useState(view);
  const [problems, setProblems] = useState<PeriodProblems>(() => periodProblems(view));
  const fromField = useRef<HTMLInputElement>(null);
  const toField = useRef<HTMLInputElement>(null);
  const caseField = useRef<HTMLInputElement>(null);

  // Back, forward or a bookmarked address shows that search in the form, with its problems.
  const viewKey = JSON.stringify(view);
  useEffect(() => {
    setDraft(view);
    setProblems(periodProblems(view));
  }, [viewKey]);

  const set = (field: keyof AccessLogView) => (event: { currentTarget: HTMLInputElement }) =>
    setDraft((previous) => ({ ...previous, [field]: event.currentTarget.value }));

  const submit = (event: Event) => {
    event.preventDefault();
    const next: AccessLogView = {
      caseId: draft.caseId.trim(),
      userId: userIdOf(draft.userId.trim(), directory),
      from: draft.from.trim(),
      to: draft.to.trim(),
    };
    const found = periodProblems(next);
    setProblems(found);
    if (hasProblems(found)) {
      (found.from ? fromField : toField).current?.focus();
      return;
    }
    setDraft(next);
    onSearch(next);
  };

  const clear = () => {
    setDraft(EMPTY_VIEW);
    setProblems({});
    onSearch(EMPTY_VIEW);
    caseField.current?.focus();
  };

  const users = [...directory.values()].sort((a, b) => a.name.localeCompare(b.name, 'nl'));

  return (
    <form class="access-log-search" role="search" aria-label="Toegangslog doorzoeken" onSubmit={submit} noValidate>
      <div class="field">
        <label for="toegang-casus">Casusnummer</label>
        <span id="toegang-casus-hint" class="hint muted">
          Bijvoorbeeld C-2026-0001
        </span>
        <input
          id="toegang-casus"
          ref={caseField}
          type="text"
          value={draft.caseId}
          aria-describedby="toegang-casus-hint"
          maxLength={200}
          autocomplete="off"
          spellcheck={false}
          onInput={set('caseId')}
        />
      </div>
      <div class="field">
        <label for="toegang-gebruiker">Gebruiker</label>
        <span id="toegang-gebruiker-hint" class="hint muted">
          Kies een naam uit de lijst of typ de gebruikers-id
        </span>
        <input
          id="toegang-gebruiker"
          type="text"
          list="toegang-gebruikers"
          value={draft.userId}
          aria-describedby="toegang-gebruiker-hint"
          maxLength={200}
          autocomplete="off"
          spellcheck={false}
          onInput={set('userId')}
        />
        <datalist id="toegang-gebruikers">
          {users.map((user) => (
            <option key={user.id} value={user.id}>
              {user.name}
            </option>
          ))}
        </datalist>
      </div>
      <fieldset class="period">
        <legend>Periode</legend>
        <p id="toegang-periode-hint" class="hint muted">
          Typ de dagen als dd-mm-jjjj; beide dagen tellen mee.
        </p>
        <div class="period-fields">
          <DateField
            id="toegang-van"
            label="Van"
            value={draft.from}
            problem={problems.from}
            inputRef={fromField}
            onInput={set('from')}
          />
          <DateField
            id="toegang-tot"
            label="Tot en met"
            value={draft.to}
            problem={problems.to}
            inputRef={toField}
            onInput={set('to')}
          />
        </div>
      </fieldset>
      <div class="actions">
        <button type="submit">Zoeken</button>
        {isFiltered(view) ? (
          <button type="button" class="secondary" onClick={clear}>
            Zoekopdracht wissen
          </button>
        ) : null}
      </div>
    </form>
  );
}

function DateField(props: {
  id: string;
  label: string;
  value: string;
  problem: string | undefined;
  inputRef: { current: HTMLInputElement | null };
  onInput: (event: { currentTarget: HTMLInputElement }) => void;
}) {
  const { id, label, value, problem, inputRef, onInput } = props;
  const errorId = `${id}-fout`;
  return (
    <div class="field">
      <label for={id}>{label}</label>
      <input
        id={id}
        ref={inputRef}
        type="text"
        inputMode="numeric"
        placeholder="dd-mm-jjjj"
        value={value}
        size={12}
        aria-invalid={problem ? 'true' : undefined}
        aria-describedby={problem ? `${errorId} toegang-periode-hint` : 'toegang-periode-hint'}
        autocomplete="off"
        onInput={onInput}
      />
      {problem ? (
        <p id={errorId} class="error-text field-error">
          {problem}
        </p>
      ) : null}
    </div>
  );
}

/** A colleague's name as typed ("Ruben Jansen") stands for their id; anything else is an id. */
function userIdOf(text: string, directory: ReadonlyMap<string, User>): string {
  if (text === '' || directory.has(text)) return text;
  const wanted = text.toLocaleLowerCase('nl');
  const named = [...directory.values()].filter((user) => user.name.toLocaleLowerCase('nl') === wanted);
  return named.length === 1 && named[0] ? named[0].id : text;
}
