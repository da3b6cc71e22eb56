import { ALLOWED_TYPES } from '../../../server/forms/form-schema-rules';
import { DUTCH_TYPE_NAMES } from '../forms/form-labels';

/**
 * form-js-editor 1.23 has no translate service for its own screens: its texts are written into the
 * components. What it does allow: the palette's names come from each field type's config, which we
 * replace (so searching the palette works in Dutch too), and the palette only offers what
 * registered. The rest of the fixed texts are corrected in the DOM (see `localiseEditorDom`).
 */

/** A field type as form-js registers it: a Preact component with its config. */
type FieldComponent = ((props: unknown) => unknown) & { config: { name?: string; label?: string } };

interface FormFields {
  _formFields: Record<string, FieldComponent>;
}

/**
 * A didi module: after the editor registered its field types, drop the ones the server refuses
 * (html, iframe, buttons, tables, ...) and give the rest Dutch names. Existing components of such a
 * type cannot be shown then; the server refuses those forms anyway.
 */
class CasusregieFieldTypes {
  static $inject = ['formFields'];

  constructor(formFields: FormFields) {
    for (const [type, component] of Object.entries(formFields._formFields)) {
      if (type === 'default') continue;
      if (!ALLOWED_TYPES.has(type)) {
        delete formFields._formFields[type];
        continue;
      }
      const name = DUTCH_TYPE_NAMES[type];
      if (!name) continue;
      // A copy with its own config: the original config is shared by every editor on the page.
      const renamed = ((props: unknown) => component(props)) as FieldComponent;
      renamed.config = { ...component.config, name, label: name };
      formFields._formFields[type] = renamed;
    }
  }
}

export const casusregieFieldTypesModule = {
  __init__: ['casusregieFieldTypes'],
  casusregieFieldTypes: ['type', CasusregieFieldTypes],
};

/** Texts the editor writes without translation: its palette, empty form, and properties panel. */
const DUTCH_TEXTS: Record<string, string> = {
  Components: 'Onderdelen',
  'Search components': 'Onderdelen zoeken',
  'No components found.': 'Geen onderdelen gevonden.',
  Input: 'Invoer',
  Selection: 'Keuze',
  Presentation: 'Weergave',
  Containers: 'Containers',
  'Build your form': 'Bouw uw formulier',
  'Drag and drop components here to start designing.': 'Sleep onderdelen hierheen om te beginnen.',
  'Drag and drop components here.': 'Sleep onderdelen hierheen.',
  'Use the preview window to test your form.': 'Probeer het formulier uit met het voorbeeld hieronder.',
  General: 'Algemeen',
  Condition: 'Voorwaarde',
  Validation: 'Controle',
  Appearance: 'Weergave',
  Layout: 'Indeling',
  'Custom properties': 'Eigen eigenschappen',
  Serialization: 'Opslagformaat',
  Constraints: 'Beperkingen',
  'Options source': 'Bron van de keuzes',
  'Static options': 'Vaste keuzes',
  Label: 'Label',
  'Field label': 'Label',
  'Field description': 'Toelichting',
  Key: 'Sleutel (variabele)',
  Path: 'Pad',
  ID: 'Id',
  'Default value': 'Standaardwaarde',
  Required: 'Verplicht',
  'Read only': 'Alleen lezen',
  Disabled: 'Uitgeschakeld',
  'Minimum length': 'Minimale lengte',
  'Maximum length': 'Maximale lengte',
  Minimum: 'Minimum',
  Maximum: 'Maximum',
  'Validation pattern': 'Controlepatroon',
  'Custom regular expression': 'Eigen reguliere expressie',
  'Custom error message': 'Eigen foutmelding',
  Text: 'Tekst',
  Value: 'Waarde',
  Checked: 'Aangevinkt',
  'Not checked': 'Niet aangevinkt',
  'Hide if': 'Verbergen als',
  Columns: 'Kolommen',
  Auto: 'Automatisch',
  Prefix: 'Voorvoegsel',
  Suffix: 'Achtervoegsel',
  'Decimal digits': 'Cijfers achter de komma',
  Increment: 'Stapgrootte',
  Searchable: 'Doorzoekbaar',
  'Date label': 'Label van de datum',
  'Time label': 'Label van de tijd',
  Subtype: 'Soort',
  'Disallow past dates': 'Geen datums in het verleden',
  'Show outline': 'Rand tonen',
  'Default number of items': 'Aantal regels bij begin',
  'Allow add/delete items': 'Regels toevoegen en verwijderen',
  'Disable collapse': 'Niet inklappen',
  'Number of non-collapsing items': 'Aantal regels zichtbaar bij inklappen',
  Height: 'Hoogte',
  'Output as string': 'Als tekst opslaan',
  '<none>': '<geen>',
  'Learn more': 'Meer informatie',
  'Binds to a form variable': 'De naam van de variabele waarin de invoer komt',
  Type: 'Soort',
  Static: 'Vast',
  'Input data': 'Invoergegevens',
  Expression: 'Uitdrukking',
  'Condition under which the field is hidden': 'Voorwaarde (FEEL) waaronder het veld verborgen is',
  Create: 'Toevoegen',
  // The properties panel's header when the form itself is selected.
  Form: 'Formulier',
};

const DUTCH_ATTRIBUTES: Record<string, string> = {
  'Search components': 'Onderdelen zoeken',
  'Clear content': 'Zoekterm wissen',
  'Toggle section': 'Sectie in- of uitklappen',
  'Section contains an error': 'Deze sectie bevat een fout',
  'Section contains edits': 'Deze sectie is gewijzigd',
  'Delete item': 'Verwijderen',
  'Toggle list item': 'In- of uitklappen',
  'Remove form field': 'Onderdeel verwijderen',
  'Open documentation': 'Documentatie openen',
  'Field label': 'Label',
  'Field description': 'Toelichting',
  Text: 'Tekst',
  'Hide if': 'Verbergen als',
  Components: 'Onderdelen',
  'Powered by bpmn.io': 'Gemaakt met bpmn.io',
  'Click to set a dynamic value with FEEL expression': 'Een berekende waarde met een FEEL-uitdrukking',
  'Open pop-up editor': 'In een groter venster bewerken',
  'Create new list item': 'Keuze toevoegen',
  'FEEL expression is mandatory': 'Een FEEL-uitdrukking is hier verplicht',
};

/**
 * Corrects the editor's English texts in place, now and whenever it renders again. Only whole texts
 * that match are replaced, and never inside the form being built (`.fjs-form-container`), so the
 * labels the process owner types stay exactly as typed.
 */
export function localiseEditorDom(container: HTMLElement): () => void {
  const fix = () => {
    const walker = document.createTreeWalker(container, NodeFilter.SHOW_TEXT, {
      acceptNode: (node) =>
        node.parentElement?.closest('.fjs-form-container') ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT,
    });
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.nodeValue?.trim() ?? '';
      const dutch = DUTCH_TEXTS[text];
      // Change the text node itself: Preact keeps a reference to it and updates it later.
      if (dutch && dutch !== text) node.nodeValue = dutch;
    }
    for (const element of container.querySelectorAll<HTMLElement>('[title], [placeholder], [aria-label]')) {
      for (const attribute of ['title', 'placeholder', 'aria-label']) {
        const value = element.getAttribute(attribute);
        if (value === null) continue;
        const dutch = DUTCH_ATTRIBUTES[value] ?? paletteTitle(value);
        if (dutch) element.setAttribute(attribute, dutch);
      }
    }
  };
  fix();
  const observer = new MutationObserver(fix);
  observer.observe(container, {
    childList: true,
    characterData: true,
    subtree: true,
  });
  return () => observer.disconnect();
}

/** Titles made of a type's name: "Create a Tekstveld element", "Remove Keuzerondjes", "List contains 3 items". */
function paletteTitle(value: string): string | undefined {
  const create = /^Create an? (.+) element$/.exec(value);
  if (create) return `${create[1]} toevoegen`;
  const remove = /^Remove (.+)$/.exec(value);
  if (remove) return `${remove[1]} verwijderen`;
  const count = /^List contains (\d+) items?$/.exec(value);
  if (count) return count[1] === '1' ? 'De lijst heeft 1 keuze' : `De lijst heeft ${count[1]} keuzes`;
  return undefined;
}
