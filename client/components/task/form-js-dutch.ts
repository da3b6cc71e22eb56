import flatpickr from 'flatpickr';
import { Dutch } from 'flatpickr/dist/l10n/nl';

/**
 * form-js speaks English out of the box. Its own texts go through a `translate` service, which we
 * replace; the date picker (flatpickr, which form-js bundles) gets its Dutch locale; and the few
 * texts form-js 2.0 hard-codes are corrected in the DOM (see `localiseFormDom`).
 */

const DUTCH: Record<string, string> = {
  'Field is required.': 'Dit veld is verplicht.',
  'Field must have minimum length of {value}.': 'Vul minstens {value} tekens in.',
  'Field must have maximum length of {value}.': 'Vul hoogstens {value} tekens in.',
  'Field must have minimum value of {value}.': 'De waarde moet minstens {value} zijn.',
  'Field must have maximum value of {value}.': 'De waarde mag hoogstens {value} zijn.',
  'Field must match pattern {value}.': 'De invoer heeft niet de juiste vorm.',
  'Field must be a valid email.': 'Vul een geldig e-mailadres in.',
  'Field must be a valid international phone number. (e.g. +4930664040900)':
    'Vul een geldig internationaal telefoonnummer in (bijvoorbeeld +31761234567).',
  'Min validation value is not a valid number.': 'De minimumwaarde van dit veld is ongeldig.',
  'Max validation value is not a valid number.': 'De maximumwaarde van dit veld is ongeldig.',
  'Value is not a number.': 'Vul een getal in.',
  'Value is expected to be an integer.': 'Vul een geheel getal in.',
  'Value is expected to have at most 1 decimal digit.': 'Gebruik hoogstens 1 cijfer achter de komma.',
  'Value is expected to have at most {value} decimal digits.': 'Gebruik hoogstens {value} cijfers achter de komma.',
  'Please select a valid value, the two nearest valid values are {previousValue} and {nextValue}.':
    'Kies een geldige waarde; de dichtstbijzijnde zijn {previousValue} en {nextValue}.',
  'Date and time must both be entered.': 'Vul zowel de datum als de tijd in.',
  'Add new': 'Regel toevoegen',
  Collapse: 'Inklappen',
  'Expand all ({value})': 'Alles tonen ({value})',
  Increment: 'Verhogen',
  Decrement: 'Verlagen',
  Search: 'Zoeken',
  'Skip to search': 'Naar zoeken',
  'Remove tag': 'Keuze verwijderen',
  'No results': 'Geen resultaten',
  'All values selected': 'Alle waarden gekozen',
  'Nothing to show.': 'Niets te tonen.',
  'No content to show.': 'Geen inhoud om te tonen.',
  "External content couldn't be loaded.": 'Externe inhoud kon niet worden geladen.',
  'No files selected': 'Geen bestanden gekozen',
  '{value} files selected': '{value} bestanden gekozen',
  'Previous page': 'Vorige pagina',
  'Next page': 'Volgende pagina',
  '{page} of {total}': '{page} van {total}',
  'Click to sort by {value} ascending': 'Sorteer op {value}, oplopend',
  'Click to sort by {value} descending': 'Sorteer op {value}, aflopend',
  'Click to remove sorting': 'Sortering opheffen',
  'Download {fileName}': '{fileName} downloaden',
  'Unable to download document': 'Het document kan niet worden gedownload',
  'Document reference is not defined.': 'Er is geen document opgegeven.',
};

/** Same contract as form-js's own translate stub: `{name}` placeholders, unknown ones kept. */
export function translateToDutch(template: string, replacements: Record<string, string> = {}): string {
  return (DUTCH[template] ?? template).replace(/{([^}]+)}/g, (_, key: string) => replacements[key] || `{${key}}`);
}

/** A didi module that replaces form-js's `translate` service. */
export const dutchTranslateModule = { translate: ['value', translateToDutch] };

let flatpickrLocalised = false;

/** flatpickr's locale is global; set it once, before the first date field renders. */
export function localiseDatePicker(): void {
  if (flatpickrLocalised) return;
  flatpickr.localize(Dutch);
  flatpickrLocalised = true;
}

/**
 * form-js 2.0 writes a few texts without `translate` (the remove button of a list row, "Remove
 * list item 2", an empty select's "Select", the date placeholder "dd-mm-yyyy") and leaves groups of choices without a
 * group name. Preact only rewrites an attribute when its own value changes, so watching the form
 * and correcting them holds.
 */
export function localiseFormDom(
  container: HTMLElement,
  isTypedDateInput: (id: string) => boolean = () => false,
): () => void {
  const fix = () => {
    // A date typed as dd-mm-jjjj says so in the field too (form-js's text field has no placeholder).
    for (const input of container.querySelectorAll<HTMLInputElement>('.fjs-form-field-textfield input[id]')) {
      if (input.getAttribute('placeholder') === null && isTypedDateInput(input.id)) {
        input.setAttribute('placeholder', 'dd-mm-jjjj');
        input.setAttribute('autocomplete', 'off');
      }
    }
    for (const button of container.querySelectorAll<HTMLButtonElement>('button.fjs-repeat-row-remove')) {
      const match = /^Remove list item (\d+)$/.exec(button.getAttribute('aria-label') ?? '');
      if (match) button.setAttribute('aria-label', `Regel ${match[1]} verwijderen`);
    }
    for (const display of container.querySelectorAll<HTMLElement>('.fjs-select-display.fjs-select-placeholder')) {
      // Change the text node itself: Preact keeps a reference to it and updates it later.
      const text = display.firstChild;
      if (text?.nodeType === Node.TEXT_NODE && text.nodeValue === 'Select') text.nodeValue = 'Kies…';
    }
    for (const input of container.querySelectorAll<HTMLInputElement>('input[placeholder="Search"]')) {
      input.setAttribute('placeholder', 'Zoeken');
    }
    for (const input of container.querySelectorAll<HTMLInputElement>('.fjs-datepicker input[placeholder]')) {
      const placeholder = input.getAttribute('placeholder') ?? '';
      if (placeholder.includes('yyyy')) input.setAttribute('placeholder', placeholder.replace('yyyy', 'jjjj'));
    }
    // form-js labels a group of radios or checkboxes with a bare <label> that names no control;
    // tie it to the group, so a screen reader says "Urgentie" before "Regulier" (WCAG 1.3.1).
    for (const group of container.querySelectorAll<HTMLElement>(
      '.fjs-form-field-radio:not([role]), .fjs-form-field-checklist:not([role])',
    )) {
      const label = group.querySelector<HTMLElement>(':scope > label.fjs-form-field-label');
      const firstInput = group.querySelector<HTMLInputElement>('input[id]');
      if (!label || !firstInput) continue;
      label.id ||= `${firstInput.id.replace(/-\d+$/, '')}-group-label`;
      group.setAttribute('role', group.classList.contains('fjs-form-field-radio') ? 'radiogroup' : 'group');
      group.setAttribute('aria-labelledby', label.id);
    }
    for (const link of container.querySelectorAll<HTMLAnchorElement>('a.fjs-powered-by-link:not([aria-label])')) {
      // The bpmn.io watermark must stay (its licence); give it a name screen readers can say.
      link.setAttribute('aria-label', 'Formulier gemaakt met bpmn.io (opent in een nieuw venster)');
    }
  };
  fix();
  const observer = new MutationObserver(fix);
  observer.observe(container, {
    childList: true,
    characterData: true,
    subtree: true,
    attributes: true,
    attributeFilter: ['aria-label', 'placeholder', 'class'],
  });
  // A read-only checkbox or radio in form-js ignores the change but the browser still ticks it
  // (Space, arrow keys), so it would show a choice that is not there. Cancel such clicks.
  const keepReadOnly = (event: MouseEvent) => {
    const target = event.target;
    if (
      target instanceof HTMLInputElement &&
      (target.type === 'checkbox' || target.type === 'radio') &&
      target.closest('.fjs-readonly')
    ) {
      event.preventDefault();
    }
  };
  container.addEventListener('click', keepReadOnly, true);
  return () => {
    observer.disconnect();
    container.removeEventListener('click', keepReadOnly, true);
  };
}
