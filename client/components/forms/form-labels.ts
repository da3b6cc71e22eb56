/**
 * Dutch words for a form's components and their properties in the comparison; the form-js names
 * stay beside them, as the diagrams' comparison does, so the process owner can find them in the
 * editor.
 */

/**
 * The Dutch name of each component type a form may hold: the editor's palette shows these, and the
 * comparison names a field's type with the same word (in lower case), so the two never disagree.
 */
export const DUTCH_TYPE_NAMES: Record<string, string> = {
  textfield: 'Tekstveld',
  textarea: 'Tekstvak',
  number: 'Getal',
  checkbox: 'Vinkje',
  checklist: 'Meerdere keuzes',
  taglist: 'Keuzelabels',
  radio: 'Keuzerondjes',
  select: 'Keuzelijst',
  datetime: 'Datum en tijd',
  group: 'Groep',
  dynamiclist: 'Herhaalbare lijst',
  text: 'Tekst',
  separator: 'Scheidingslijn',
  spacer: 'Witruimte',
};

export function componentTypeName(type: string): string {
  return DUTCH_TYPE_NAMES[type]?.toLowerCase() ?? type;
}

const PROPERTY_NAMES: Record<string, string> = {
  type: 'soort veld',
  key: 'sleutel',
  path: 'pad',
  text: 'tekst',
  description: 'toelichting',
  values: 'keuzes',
  defaultValue: 'standaardwaarde',
  'validate.required': 'verplicht',
  'validate.min': 'minimum',
  'validate.max': 'maximum',
  'validate.minLength': 'minimale lengte',
  'validate.maxLength': 'maximale lengte',
  'validate.pattern': 'patroon',
  'validate.validationType': 'soort controle',
  'conditional.hide': 'verbergen als',
  readonly: 'alleen lezen',
  disabled: 'uitgeschakeld',
  subtype: 'soort',
  dateLabel: 'label van de datum',
  increment: 'stapgrootte',
  decimalDigits: 'decimalen',
  components: 'onderdelen',
};

/** "verplicht (validate.required)"; a property without a Dutch name as it is. */
export function propertyLabel(property: string): string {
  const dutch = PROPERTY_NAMES[property];
  return dutch && dutch !== property ? `${dutch} (${property})` : property;
}

/** A property's value as the process owner reads it: text as typed, anything else as JSON. */
export function propertyValue(value: unknown): string {
  if (value === undefined || value === null) return '(geen)';
  if (typeof value === 'string') return value === '' ? '(leeg)' : value;
  if (typeof value === 'boolean') return value ? 'ja' : 'nee';
  if (typeof value === 'number') return String(value);
  if (Array.isArray(value) && value.every(isChoice))
    return value
      .map(
        (choice) =>
          `${choice.label} (${typeof choice.value === 'string' ? choice.value : JSON.stringify(choice.value)})`,
      )
      .join(', ');
  return JSON.stringify(value);
}

function isChoice(value: unknown): value is { label: string; value: unknown } {
  return typeof value === 'object' && value !== null && typeof (value as { label?: unknown }).label === 'string';
}
