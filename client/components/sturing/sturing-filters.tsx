import { useEffect, useState } from 'preact/hooks';
import { teamName } from '../../app/session';
import { FilterSelect } from '../filter-select';
import { DATE_HINT } from '../task/typed-dates';
import { EMPTY_VIEW, type PeriodProblems, periodProblems, presets, type SturingView, TAAKGEBIEDEN } from './view';

export interface TeamOption {
  id: string;
  name: string;
  region: string;
}

/**
 * The period (typed dates, applied with a button, so half a date asks nothing of the server),
 * quick periods, and the team, region and task-area filters (applied at once).
 */
export function SturingFilters({
  view,
  teams,
  ownTeamsOnly,
  onChange,
}: {
  view: SturingView;
  /** The teams this user may filter on (a teamleider: only their own). */
  teams: TeamOption[];
  ownTeamsOnly: boolean;
  onChange: (view: SturingView) => void;
}) {
  const [from, setFrom] = useState(view.from);
  const [to, setTo] = useState(view.to);
  const [problems, setProblems] = useState<PeriodProblems>(() => periodProblems(view));
  // Back, forward or a shared link shows its own period in the fields.
  useEffect(() => {
    setFrom(view.from);
    setTo(view.to);
    setProblems(periodProblems(view));
  }, [view.from, view.to]);

  const apply = (event: Event) => {
    event.preventDefault();
    const period = { from: from.trim(), to: to.trim() };
    const found = periodProblems(period);
    setProblems(found);
    if (found.from || found.to) {
      document.getElementById(found.from ? 'sturing-van' : 'sturing-tot')?.focus();
      return;
    }
    onChange({ ...view, ...period });
  };

  const regions = [...new Set([...teams.map((team) => team.region).filter(Boolean), view.region].filter(Boolean))].sort(
    (a, b) => a.localeCompare(b, 'nl'),
  );
  const teamOptions = teams.map((team) => ({ value: team.id, label: team.name || teamName(team.id) }));
  if (view.team && !teams.some((team) => team.id === view.team))
    teamOptions.push({ value: view.team, label: teamName(view.team) });

  return (
    <div class="sturing-filters" role="group" aria-labelledby="sturing-filters-titel">
      <h2 id="sturing-filters-titel" class="visually-hidden">
        Filters
      </h2>
      <form class="sturing-period" onSubmit={apply} noValidate>
        <fieldset>
          <legend>Periode</legend>
          <p id="sturing-periode-hint" class="hint muted">
            {DATE_HINT} Leeg laten: de standaardperiode.
          </p>
          <div class="period-fields">
            <DateField
              id="sturing-van"
              label="Van"
              value={from}
              problem={problems.from}
              onInput={(value) => setFrom(value)}
            />
            <DateField
              id="sturing-tot"
              label="Tot en met"
              value={to}
              problem={problems.to}
              onInput={(value) => setTo(value)}
            />
            <button type="submit">Toepassen</button>
          </div>
        </fieldset>
      </form>
      <div class="sturing-presets" role="group" aria-label="Snelkeuze periode">
        {presets().map((preset) => {
          const current = preset.from === view.from && preset.to === view.to;
          return (
            <button
              key={preset.id}
              type="button"
              class="secondary small"
              aria-pressed={current}
              onClick={() => onChange({ ...view, from: preset.from, to: preset.to })}
            >
              {preset.label}
            </button>
          );
        })}
      </div>
      <div class="sturing-selects">
        <FilterSelect
          id="sturing-team"
          label="Team"
          value={view.team}
          allLabel={ownTeamsOnly ? 'Al mijn teams' : 'Alle teams'}
          options={teamOptions}
          onChange={(team) => onChange({ ...view, team })}
        />
        <FilterSelect
          id="sturing-regio"
          label="Regio"
          value={view.region}
          allLabel="Alle regio’s"
          options={regions.map((region) => ({ value: region, label: region }))}
          onChange={(region) => onChange({ ...view, region })}
        />
        <FilterSelect
          id="sturing-taakgebied"
          label="Taakgebied"
          value={view.taakgebied}
          allLabel="Alle taakgebieden"
          options={TAAKGEBIEDEN}
          onChange={(taakgebied) => onChange({ ...view, taakgebied })}
        />
        {view.team || view.region || view.taakgebied || view.from || view.to ? (
          <button
            type="button"
            class="secondary clear-filters"
            onClick={() => {
              onChange(EMPTY_VIEW);
              document.getElementById('sturing-van')?.focus();
            }}
          >
            Filters wissen
          </button>
        ) : null}
      </div>
    </div>
  );
}

function DateField(props: {
  id: string;
  label: string;
  value: string;
  problem: string | undefined;
  onInput: (value: string) => void;
}) {
  const { id, label, value, problem, onInput } = props;
  const errorId = `${id}-fout`;
  return (
    <div class="field">
      <label for={id}>{label}</label>
      <input
        id={id}
        type="text"
        inputMode="numeric"
        autocomplete="off"
        placeholder="dd-mm-jjjj"
        size={11}
        value={value}
        aria-invalid={problem ? 'true' : undefined}
        aria-describedby={problem ? `${errorId} sturing-periode-hint` : 'sturing-periode-hint'}
        onInput={(event) => onInput(event.currentTarget.value)}
      />
      {problem ? (
        <p id={errorId} class="error-text">
          {problem}
        </p>
      ) : null}
    </div>
  );
}
