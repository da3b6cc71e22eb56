import { useRef } from 'preact/hooks';
import { PROCESS_NAMES, teamName } from '../../app/session';
import { FilterSelect } from '../filter-select';
import type { WorklistView } from './view';

/**
 * Filters on process and team; each choice lands in the URL at once.
 */
export function WorklistFilters({
  view,
  processes,
  teams,
  onChange,
}: {
  view: WorklistView;
  processes: string[];
  teams: string[];
  onChange: (view: WorklistView) => void;
}) {
  const filtered = view.process !== '' || view.team !== '';
  const first = useRef<HTMLSelectElement>(null);
  // The button disappears with the filters it clears; focus goes to the first filter instead of
  // falling back to the top of the page.
  const clear = () => {
    onChange({ ...view, process: '', team: '' });
    first.current?.focus();
  };
  return (
    <div class="worklist-filters" role="group" aria-labelledby="filters-titel">
      <h2 id="filters-titel" class="visually-hidden">
        Filters
      </h2>
      <FilterSelect
        id="filter-proces"
        label="Proces"
        selectRef={first}
        value={view.process}
        allLabel="Alle processen"
        options={processes.map((key) => ({ value: key, label: PROCESS_NAMES[key] ?? key }))}
        onChange={(process) => onChange({ ...view, process })}
      />
      <FilterSelect
        id="filter-team"
        label="Team"
        value={view.team}
        allLabel="Alle teams"
        options={teams.map((team) => ({ value: team, label: teamName(team) }))}
        onChange={(team) => onChange({ ...view, team })}
      />
      {filtered ? (
        <button type="button" class="secondary clear-filters" onClick={clear}>
          Filters wissen
        </button>
      ) : null}
    </div>
  );
}
