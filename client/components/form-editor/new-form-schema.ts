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
