import type EventBus from 'diagram-js/lib/core/EventBus';

/** A form the task can name: what `GET /api/forms` lists. */
export interface CatalogueForm {
  key: string;
  title: string;
}

/** Fired when the process owner asks for a new form for `element` (the modeler screen opens the editor). */
export const NEW_FORM_EVENT = 'casusregie.newForm';

export interface NewFormEvent {
  element: unknown;
}

/**
 * The forms the properties panel offers as a task's form. The modeler screen fills it (it owns
 * the REST calls) and refreshes it after a new form is saved; the panel's entry re-renders then.
 */
export default class FormCatalogue {
  static $inject = ['eventBus'];

  private forms: CatalogueForm[] | undefined;
  private readonly listeners = new Set<() => void>();

  constructor(private readonly eventBus: EventBus) {}

  /** undefined while the list is loading (or could not be loaded). */
  list(): CatalogueForm[] | undefined {
    return this.forms;
  }

  set(forms: CatalogueForm[]): void {
    this.forms = [...forms].sort((a, b) => a.key.localeCompare(b.key));
    for (const listener of this.listeners) listener();
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  requestNewForm(element: unknown): void {
    this.eventBus.fire(NEW_FORM_EVENT, { element } satisfies NewFormEvent);
  }
}
