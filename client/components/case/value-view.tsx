import type { JsonValue } from '../../../server/contract/api';
import { isScalar, scalarText, truncate } from './format';
import { fieldLabel } from './labels';

/**
 * Any recorded value, readable: a definition list for an object, a list for an array, words for
 * codes, yes/no and dates. It is the fallback for fields the page has no special view for, so a
 * form that grows a field shows it at once instead of hiding it.
 */
export function ValueView({ field, value }: { field?: string | undefined; value: JsonValue }) {
  if (isScalar(value)) return <>{scalarText(field, value)}</>;
  if (Array.isArray(value)) {
    if (value.length === 0) return <>geen</>;
    if (value.every(isScalar)) {
      if (value.length === 1) return <>{scalarText(field, value[0] ?? null)}</>;
      return (
        <ul class="value-list">
          {value.map((item, index) => (
            <li key={index}>{isScalar(item) ? scalarText(field, item) : null}</li>
          ))}
        </ul>
      );
    }
    return (
      <ul class="value-list records">
        {value.map((item, index) => (
          <li key={index}>
            <ValueView field={field} value={item} />
          </li>
        ))}
      </ul>
    );
  }
  return <FieldList record={value} />;
}

/** The fields of a record as a definition list, in the order the form recorded them. */
export function FieldList({ record, omit = [] }: { record: { [key: string]: JsonValue }; omit?: readonly string[] }) {
  if (Object.keys(record).every((key) => omit.includes(key))) return null;
  return (
    <dl class="fields">
      <FieldItems record={record} omit={omit} />
    </dl>
  );
}

/** The term/description pairs of a record, for a definition list that also holds other facts. */
export function FieldItems({ record, omit = [] }: { record: { [key: string]: JsonValue }; omit?: readonly string[] }) {
  return (
    <>
      {Object.entries(record)
        .filter(([key]) => !omit.includes(key))
        .map(([key, value]) => (
          <div key={key}>
            <dt>{fieldLabel(key)}</dt>
            <dd>
              <ValueView field={key} value={value} />
            </dd>
          </div>
        ))}
    </>
  );
}

export interface SummaryItem {
  label: string;
  text: string;
}

/**
 * A one-line summary of submitted fields for the timeline: the deciding fields (yes/no, codes,
 * dates) first because they say where the case went, then free text, each cut short. The full
 * record stays one click away.
 */
export function compactSummary(
  variables: { [key: string]: JsonValue },
  max = 5,
): { items: SummaryItem[]; complete: boolean } {
  const ranked = Object.entries(variables)
    .map(([key, value], index) => ({ key, value, index, rank: rankOf(value) }))
    .sort((a, b) => a.rank - b.rank || a.index - b.index);
  const items: SummaryItem[] = [];
  let complete = ranked.length <= max;
  for (const { key, value } of ranked.slice(0, max)) {
    const text = compactText(key, value);
    if (text.length > 60) complete = false;
    items.push({ label: fieldLabel(key), text: truncate(text, 60) });
  }
  // Nested records and lists of records are only counted or flattened in the summary.
  if (ranked.some(({ value }) => !summarisedInFull(value))) complete = false;
  return { items, complete };
}

function summarisedInFull(value: JsonValue): boolean {
  if (isScalar(value)) return true;
  if (Array.isArray(value)) return value.every(isScalar);
  return Object.values(value).every(isScalar);
}

function rankOf(value: JsonValue): number {
  if (typeof value === 'boolean' || typeof value === 'number') return 0;
  if (typeof value === 'string') return value.length <= 30 ? 0 : 2;
  return 1;
}

function compactText(field: string, value: JsonValue): string {
  if (isScalar(value)) return scalarText(field, value);
  if (Array.isArray(value)) {
    if (value.every(isScalar)) return value.map((item) => scalarText(field, item)).join(', ') || 'geen';
    return value.length === 1 ? '1 vermelding' : `${value.length} vermeldingen`;
  }
  const entries = Object.entries(value);
  // A record of one field (e.g. toestemming { basis }) says its value, not its structure.
  if (entries.length === 1 && isScalar(entries[0]![1])) return scalarText(entries[0]![0], entries[0]![1]);
  const text = entries
    .filter(([, item]) => isScalar(item))
    .map(
      ([key, item]) => `${lowerFirst(fieldLabel(key))}: ${scalarText(key, item as string | number | boolean | null)}`,
    )
    .join('; ');
  return text || (entries.length === 1 ? '1 onderdeel' : `${entries.length} onderdelen`);
}

/** "Regie bij" → "regie bij" inside a sentence, but "MDO-datum" keeps its capitals. */
function lowerFirst(label: string): string {
  return /^[A-Z][a-z]/.test(label) ? label.charAt(0).toLowerCase() + label.slice(1) : label;
}
