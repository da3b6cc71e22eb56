import { useRef } from 'preact/hooks';
import { PROCESS_NAMES, teamName } from '../../app/session';
import type { WorklistView } from './view';

/**
 * Filters on process and team. Native selects with visible labels: they work with keyboard and
 * screen readers as users know them, and each choice lands in the URL at once.
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
      <div class="field">
        <label for="filter-proces">Proces</label>
        <select
          id="filter-proces"
          ref={first}
          value={view.process}
          onChange={(event) => onChange({ ...view, process: event.currentTarget.value })}
        >
          <option value="">Alle processen</option>
          {processes.map((key) => (
            <option key={key} value={key}>
              {PROCESS_NAMES[key] ?? key}
            </option>
          ))}
        </select>
      </div>
      <div class="field">
        <label for="filter-team">Team</label>
        <select
          id="filter-team"
          value={view.team}
          onChange={(event) => onChange({ ...view, team: event.currentTarget.value })}
        >
          <option value="">Alle teams</option>
          {teams.map((team) => (
            <option key={team} value={team}>
              {teamName(team)}
            </option>
          ))}
        </select>
      </div>
      {filtered ? (
        <button type="button" class="secondary clear-filters" onClick={clear}>
          Filters wissen
        </button>
      ) : null}
    </div>
  );
}
