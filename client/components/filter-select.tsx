import type { Ref } from 'preact';

export interface FilterOption {
  value: string;
  label: string;
}

/**
 * One filter of a list: a native select with a visible label, which keyboard and screen-reader
 * users know how to work; a choice applies at once. `allLabel` adds the empty choice that means
 * "no filter" (e.g. "Alle teams").
 */
export function FilterSelect({
  id,
  label,
  value,
  options,
  allLabel,
  selectRef,
  onChange,
}: {
  id: string;
  label: string;
  value: string;
  options: readonly FilterOption[];
  allLabel?: string;
  selectRef?: Ref<HTMLSelectElement>;
  onChange: (value: string) => void;
}) {
  return (
    <div class="field">
      <label for={id}>{label}</label>
      <select id={id} ref={selectRef} value={value} onChange={(event) => onChange(event.currentTarget.value)}>
        {allLabel !== undefined ? <option value="">{allLabel}</option> : null}
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </div>
  );
}
