import type { FormSchema } from '../../../server/contract/api';

/** A new form starts with a heading, which also gives the form its title in lists. */
export function newFormSchema(title = 'Nieuw formulier'): FormSchema {
  return {
    type: 'default',
    id: '',
    exporter: { name: 'Casusregie', version: '1' },
    components: [{ type: 'text', id: 'Text_titel', text: `#### ${title}` }],
  };
}

/** A form key from a task's name: "Huisbezoek afleggen" → "huisbezoek-afleggen". */
export function suggestedFormKey(name: string): string {
  return name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 64);
}
