/**
 * Dutch words for a form's components and their properties in the comparison; the form-js names
 * stay beside them, as the diagrams' comparison does, so the process owner can find them in the
 * editor.
 */

const TYPE_NAMES: Record<string, string> = {
  textfield: 'tekstveld',
  textarea: 'tekstvak',
  number: 'getal',
  checkbox: 'vinkje',
  checklist: 'keuzelijst (meerdere)',
  taglist: 'labels',
  radio: 'keuzerondjes',
  select: 'keuzemenu',
  datetime: 'datum',
  group: 'groep',
  dynamiclist: 'herhalende lijst',
  text: 'tekst',
  separator: 'scheidingslijn',
  spacer: 'witruimte',
};

export function componentTypeName(type: string): string {
  return TYPE_NAMES[type] ?? type;
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
