import { isSelectEntryEdited, SelectEntry, type SelectOption } from '@bpmn-io/properties-panel';
import { useEffect, useState } from '@bpmn-io/properties-panel/preact/hooks';
import { jsx } from '@bpmn-io/properties-panel/preact/jsx-runtime';
import { useService } from 'bpmn-js-properties-panel';
import type FormCatalogue from './FormCatalogue';

/**
 * The task's form as a choice of the forms that exist (instead of Camunda's free-text form key and
 * its form types the engine does not run), with "Nieuw formulier" beside it. The entries render in
 * the properties panel's own Preact, hence its jsx and hooks.
 */

interface BusinessObject {
  get(name: string): unknown;
}

interface Modeling {
  updateProperties(element: unknown, properties: Record<string, unknown>): void;
}

function formKeyOf(element: unknown): string {
  const businessObject = (element as { businessObject: BusinessObject }).businessObject;
  const key = businessObject.get('camunda:formKey');
  return typeof key === 'string' ? key : '';
}

/** Re-renders the entry whenever the catalogue changes (loaded, or a new form saved). */
function useCatalogue(): FormCatalogue {
  const catalogue = useService<FormCatalogue>('formCatalogue');
  const [, setRound] = useState(0);
  useEffect(() => catalogue.subscribe(() => setRound((round) => round + 1)), [catalogue]);
  return catalogue;
}

function FormKeySelect(props: { element: unknown; id: string }) {
  const { element, id } = props;
  const catalogue = useCatalogue();
  const modeling = useService<Modeling>('modeling');
  const forms = catalogue.list();
  const getOptions = (): SelectOption[] => {
    const current = formKeyOf(element);
    const options: SelectOption[] = [{ value: '', label: 'Geen formulier' }];
    if (forms === undefined && current) options.push({ value: current, label: current });
    for (const form of forms ?? [])
      options.push({
        value: form.key,
        label: form.title && form.title !== form.key ? `${form.title} (${form.key})` : form.key,
      });
    // A key that names no form (typed in the XML, or the form is gone) stays visible as it is.
    if (forms !== undefined && current && !forms.some((form) => form.key === current))
      options.push({ value: current, label: `${current} (bestaat niet)` });
    return options;
  };
  return SelectEntry({
    element,
    id,
    label: 'Formulier',
    description:
      forms === undefined
        ? 'De formulieren worden geladen…'
        : 'Het formulier dat de medewerker bij deze stap invult. Het diagram legt bij het uitrollen de nieuwste versie vast.',
    getValue: () => formKeyOf(element),
    setValue: (value) => modeling.updateProperties(element, { 'camunda:formKey': value === '' ? undefined : value }),
    getOptions,
  });
}

function NewFormButton(props: { element: unknown; id: string }) {
  const catalogue = useCatalogue();
  const key = formKeyOf(props.element);
  const exists = key !== '' && (catalogue.list() ?? []).some((form) => form.key === key);
  return jsx('div', {
    class: 'bio-properties-panel-entry cr-new-form',
    'data-entry-id': props.id,
    children: [
      jsx('button', {
        type: 'button',
        class: 'secondary small',
        onClick: () => catalogue.requestNewForm(props.element),
        children: 'Nieuw formulier',
      }),
      // Changing the chosen form happens on its own page; a new window keeps this diagram open.
      exists
        ? jsx('a', {
            href: `/formulieren/${encodeURIComponent(key)}/bewerken`,
            target: '_blank',
            rel: 'noopener',
            class: 'cr-edit-form',
            children: 'Dit formulier bewerken (nieuw venster)',
          })
        : null,
    ],
  });
}

/** The entries of the panel's "Formulier" group for a user task or a start event. */
export function formKeyEntries(element: unknown) {
  return [
    { id: 'formKey', element, component: FormKeySelect, isEdited: isSelectEntryEdited },
    { id: 'newForm', element, component: NewFormButton },
  ];
}
