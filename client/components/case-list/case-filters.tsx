import { useEffect, useRef, useState } from 'preact/hooks';
import { PROCESS_NAMES, teamName } from '../../app/session';
import { FilterSelect } from '../filter-select';
import { type CaseListView, type CaseStateFilter, EMPTY_FILTERS, isFiltered } from './view';

/**
 * The search box and the filters. Native controls with visible labels; the search runs on Enter
 * or the button (not on every key, which would read the list again and again), a filter at once.
 */
export function CaseSearch({ view, onChange }: { view: CaseListView; onChange: (view: CaseListView) => void }) {
  const [text, setText] = useState(view.search);
  // Back, forward or a link to another search shows that search in the box.
  useEffect(() => setText(view.search), [view.search]);
  const submit = (event: Event) => {
    event.preventDefault();
    onChange({ ...view, search: text.trim() });
  };
  return (
    <form class="case-search" role="search" aria-label="Casussen zoeken" onSubmit={submit}>
      <div class="field">
        <label for="casus-zoek">Zoeken</label>
        <span id="casus-zoek-hint" class="hint muted">
          Initialen, casusnummer of geboortedatum (dd-mm-jjjj)
        </span>
        <div class="search-row">
          <input
            id="casus-zoek"
            type="search"
            value={text}
            aria-describedby="casus-zoek-hint"
            autocomplete="off"
            spellcheck={false}
            onInput={(event) => setText(event.currentTarget.value)}
          />
          <button type="submit">Zoeken</button>
        </div>
      </div>
    </form>
  );
}

const STATES: ReadonlyArray<{ value: CaseStateFilter; label: string }> = [
  { value: 'open', label: 'Open' },
  { value: 'gesloten', label: 'Gesloten' },
  { value: 'alle', label: 'Open en gesloten' },
];

export function CaseFilters({
  view,
  teams,
  showMine,
  onChange,
}: {
  view: CaseListView;
  teams: string[];
  /** Only a procesregisseur can be a case's regievoerder. */
  showMine: boolean;
  onChange: (view: CaseListView) => void;
}) {
  const first = useRef<HTMLSelectElement>(null);
  // The button disappears with the filters it clears; focus goes to the first filter instead of
  // falling back to the top of the page.
  const clear = () => {
    onChange({ ...view, ...EMPTY_FILTERS });
    first.current?.focus();
  };
  return (
    <div class="case-filters" role="group" aria-labelledby="casus-filters-titel">
      <h2 id="casus-filters-titel" class="visually-hidden">
        Filters
      </h2>
      <FilterSelect
        id="filter-casus-team"
        label="Team"
        selectRef={first}
        value={view.team}
        allLabel="Alle teams"
        options={teams.map((team) => ({ value: team, label: teamName(team) }))}
        onChange={(team) => onChange({ ...view, team })}
      />
      <FilterSelect
        id="filter-casus-proces"
        label="Proces"
        value={view.process}
        allLabel="Alle processen"
        options={Object.entries(PROCESS_NAMES).map(([key, name]) => ({ value: key, label: name }))}
        onChange={(process) => onChange({ ...view, process })}
      />
      <FilterSelect
        id="filter-casus-status"
        label="Status"
        value={view.state}
        options={STATES}
        onChange={(state) => onChange({ ...view, state: toState(state) })}
      />
      <div class="checks">
        <label class="check">
          <input
            type="checkbox"
            checked={view.overdue}
            onChange={(event) => onChange({ ...view, overdue: event.currentTarget.checked })}
          />
          Alleen over termijn
        </label>
        {showMine || view.mine ? (
          <label class="check">
            <input
              type="checkbox"
              checked={view.mine}
              onChange={(event) => onChange({ ...view, mine: event.currentTarget.checked })}
            />
            Mijn casussen
          </label>
        ) : null}
      </div>
      {isFiltered(view) ? (
        <button type="button" class="secondary clear-filters" onClick={clear}>
          Filters wissen
        </button>
      ) : null}
    </div>
  );
}

function toState(value: string): CaseStateFilter {
  return value === 'gesloten' || value === 'alle' ? value : 'open';
}
