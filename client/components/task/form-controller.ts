import { Form } from '@bpmn-io/form-js-viewer';
import type { FormSchema, JsonValue, ProblemItem, Variables } from '../../../server/contract/api';
import { dutchTranslateModule, localiseDatePicker, localiseFormDom } from './form-js-dutch';
import { TYPED_DATE_MARK, todayIso, toIsoDates, toTypedDates, typedDateProblem, withTypedDates } from './typed-dates';
import '@bpmn-io/form-js-viewer/dist/assets/form-js.css';

/**
 * One task form, rendered by form-js. The controller keeps form-js behind a small typed surface:
 * the page asks it to submit, to show the server's problems next to the right fields, and to move
 * focus to a field. form-js's own types are `any`; the few services used here get narrow types.
 */

/** A field as form-js keeps it in its registry (the schema component plus its parent's id). */
interface RegisteredField {
  id: string;
  type: string;
  key?: string;
  path?: string;
  label?: string;
  dateLabel?: string;
  values?: Array<{ label?: string; value: JsonValue }>;
  _parent?: string;
  [TYPED_DATE_MARK]?: boolean;
  disallowPassedDates?: boolean;
}

/** One rendered occurrence of a field: inside a list, one per row. */
interface FieldInstance {
  id: string;
  valuePath: Array<string | number>;
  indexes?: Record<string, number>;
}

interface FieldInstanceRegistry {
  getAllKeyed(): FieldInstance[];
}

interface FieldRegistry {
  get(id: string): RegisteredField | undefined;
  getAll(): RegisteredField[];
}

interface Validator {
  validateFieldInstance(instance: FieldInstance, value: unknown): string[];
}

/** form-js's errors: per field id the messages, inside lists nested per row index. */
type ErrorTree = { [fieldId: string]: ErrorNode };
type ErrorNode = string[] | Array<ErrorNode | undefined | null>;

/** Where a message belongs in the form, so a summary can link to it. */
export interface FieldTarget {
  /** The DOM id form-js gives the field (its input, or for choices the prefix of each option). */
  domId: string;
  /** A name a user recognises: the label, with the list and row for fields inside a list. */
  label: string;
}

export interface FieldMessage {
  message: string;
  target?: FieldTarget;
}

export interface SubmitResult {
  /** What the form collected: only its own fields, as form-js submits them, dates as ISO dates. */
  data: Variables;
  /** The browser's validation messages, one per invalid field occurrence. */
  errors: FieldMessage[];
}

export interface FormControllerOptions {
  container: HTMLElement;
  schema: FormSchema;
  data: Variables;
  readOnly: boolean;
  /** The form's data on every change, valid dates as ISO dates and dates not (yet) valid as null. */
  onChange: (data: Variables) => void;
  /** What a screen reader calls the form; a task's form unless said otherwise. */
  ariaLabel?: string | undefined;
}

export class FormController {
  private readonly form: Form;
  private readonly stopListening: () => void;
  /**
   * Messages the server gave for a field, with the value it refused. They show next to the field
   * until the user changes that value: form-js re-validates a field on every change, so hooking
   * its validator keeps them exactly as long as they are true.
   */
  private serverMessages = new Map<string, { value: string; message: string }>();
  private destroyed = false;
  /** Where the dates are in the form's data: shown as typed (dd-mm-jjjj), sent as ISO dates. */
  private readonly datePaths: string[][];
  private readonly schema: FormSchema;
  private readonly container: HTMLElement;
  /** The data as typed at the last submit, to tell when a refused value has been changed. */
  private lastTyped: Variables = {};

  private constructor(options: FormControllerOptions) {
    localiseDatePicker();
    const typed = withTypedDates(options.schema);
    this.schema = typed.schema;
    this.datePaths = typed.datePaths;
    this.container = options.container;
    const serverMessages = () => this.serverMessages;
    const serverErrorsModule = {
      __init__: [
        [
          'validator',
          (validator: Validator) => {
            const validate = validator.validateFieldInstance.bind(validator);
            validator.validateFieldInstance = (instance, value) => {
              const own = validate(instance, value);
              // A date that is not a real day as dd-mm-jjjj is refused, never reinterpreted.
              const field = this.field(instance.id);
              const dateProblem =
                field?.[TYPED_DATE_MARK] === true
                  ? typedDateProblem(value, field.disallowPassedDates ? { notBefore: todayIso() } : {})
                  : undefined;
              if (dateProblem && !own.includes(dateProblem)) own.push(dateProblem);
              const server = serverMessages().get(pathKey(instance.valuePath));
              return server && server.value === stable(value) && !own.includes(server.message)
                ? [...own, server.message]
                : own;
            };
          },
        ],
      ],
    };
    this.form = new Form({
      container: options.container,
      additionalModules: [dutchTranslateModule, serverErrorsModule],
      properties: { readOnly: options.readOnly, ariaLabel: options.ariaLabel ?? 'Formulier van de taak' },
    });
    // The registry fills when the schema is imported, so it is asked when the DOM is there.
    const stopLocalising = localiseFormDom(options.container, (id) =>
      this.form
        .get<FieldRegistry>('formFieldRegistry')
        .getAll()
        .some((field) => {
          if (field[TYPED_DATE_MARK] !== true) return false;
          const prefix = domIdOf(this.form._id, field.id);
          return id === prefix || id.startsWith(`${prefix}_`);
        }),
    );
    // Completing a task (a decision, sometimes) is done with the page's own button only. Enter in
    // a lone text field would otherwise "submit" form-js's <form>: it validates and shows errors
    // but completes nothing, which is confusing. Stopping the event on the way down keeps it away.
    // Enter still commits what was typed (form-js keeps a typed value only after a pause or on
    // leaving the field), so a value typed and confirmed at once is never lost.
    const noImplicitSubmit = (event: Event) => {
      event.preventDefault();
      event.stopPropagation();
      this.commitTyping();
    };
    options.container.addEventListener('submit', noImplicitSubmit, true);
    this.stopListening = () => {
      stopLocalising();
      options.container.removeEventListener('submit', noImplicitSubmit, true);
    };
    this.form.on('changed', (event: { data: Variables }) => {
      if (!this.destroyed) options.onChange(toIsoDates(event.data, this.datePaths, { dropInvalid: true }).data);
    });
  }

  static async create(options: FormControllerOptions): Promise<FormController> {
    const controller = new FormController(options);
    await controller.form.importSchema(controller.schema, toTypedDates(options.data, controller.datePaths));
    return controller;
  }

  setReadOnly(readOnly: boolean): void {
    this.form.setProperty('readOnly', readOnly);
  }

  /**
   * Validates in the browser (messages appear next to the fields) and returns what to send, with
   * every date as its ISO date. What is being typed counts, also without leaving the field first.
   */
  submit(): SubmitResult {
    this.commitTyping();
    this.serverMessages.clear();
    const { data, errors } = this.form.submit() as { data: Variables; errors: ErrorTree };
    this.lastTyped = data;
    const converted = toIsoDates(data, this.datePaths);
    const flat = this.flatten(errors);
    // The validator already refuses every date that does not convert; this only guards that.
    const dateErrors =
      flat.length === 0 && converted.problems.length > 0 ? this.showServerProblems(converted.problems) : [];
    return { data: converted.data, errors: [...flat, ...dateErrors] };
  }

  /**
   * form-js keeps what is typed in a text field only after a 300 ms pause or when the field loses
   * focus; a value typed and submitted at once would be lost. Leaving and re-entering the field
   * flushes it (form-js flushes on blur and focus), and focus stays where the user was.
   */
  private commitTyping(): void {
    const active = document.activeElement;
    if (!(active instanceof HTMLInputElement || active instanceof HTMLTextAreaElement)) return;
    if (!this.container.contains(active)) return;
    active.blur();
    active.focus({ preventScroll: true });
  }

  /**
   * Puts each problem from the server next to its field (`variables.a.b[0].c` is the field whose
   * value path is a.b.0.c). Returns every problem, each with its field when it could be placed.
   */
  showServerProblems(problems: ProblemItem[]): FieldMessage[] {
    const submitted = this.lastTyped;
    const instances = this.instances();
    const placed: FieldMessage[] = [];
    this.serverMessages.clear();
    for (const problem of problems) {
      const key = problem.path ? serverPathKey(problem.path) : undefined;
      const instance =
        key !== undefined ? instances.find((candidate) => pathKey(candidate.valuePath) === key) : undefined;
      if (!instance || key === undefined) {
        placed.push({ message: problem.message });
        continue;
      }
      this.serverMessages.set(key, { value: stable(valueAt(submitted, instance.valuePath)), message: problem.message });
      placed.push({ message: problem.message, target: this.targetOf(instance) });
    }
    // Re-validating renders the server's messages through form-js's own error display.
    this.form.validate();
    return placed;
  }

  /** Moves focus to a field: its input, or the first option of a group of choices. */
  focus(target: FieldTarget, container: HTMLElement): void {
    const element =
      container.querySelector<HTMLElement>(`[id="${CSS.escape(target.domId)}"]`) ??
      container.querySelector<HTMLElement>(`[id^="${CSS.escape(target.domId)}-"]:is(input, select, textarea, button)`);
    element?.focus();
    element?.scrollIntoView({ block: 'center' });
  }

  /**
   * Chooses an option of a radio group as a user would (a click on its input), so form-js runs its
   * own change handling, and leaves focus there.
   */
  chooseOption(key: string, value: string, container: HTMLElement): void {
    const field = this.form
      .get<FieldRegistry>('formFieldRegistry')
      .getAll()
      .find((candidate) => candidate.key === key && candidate.type === 'radio');
    const index = (field?.values ?? []).findIndex((option) => option.value === value);
    if (!field || index < 0) return;
    const input = container.querySelector<HTMLInputElement>(
      `[id="${CSS.escape(`${domIdOf(this.form._id, field.id)}-${index}`)}"]`,
    );
    if (!input) return;
    if (!input.checked) input.click();
    input.focus();
    input.scrollIntoView({ block: 'center' });
  }

  destroy(): void {
    this.destroyed = true;
    this.stopListening();
    this.form.destroy();
  }

  private instances(): FieldInstance[] {
    return this.form.get<FieldInstanceRegistry>('formFieldInstanceRegistry').getAllKeyed();
  }

  private field(id: string | undefined): RegisteredField | undefined {
    return id ? this.form.get<FieldRegistry>('formFieldRegistry').get(id) : undefined;
  }

  private targetOf(instance: FieldInstance): FieldTarget {
    return {
      domId: domIdOf(this.form._id, instance.id, instance.indexes),
      label: this.labelOf(instance.id, instance.indexes),
    };
  }

  /** "Naam (Deelnemers, regel 2)" for a field in a list; the label alone elsewhere. */
  private labelOf(fieldId: string, indexes: Record<string, number> = {}): string {
    const field = this.field(fieldId);
    const own = field?.label ?? field?.dateLabel ?? field?.key ?? fieldId;
    const lists: string[] = [];
    for (let parent = this.field(field?._parent); parent; parent = this.field(parent._parent)) {
      const index = indexes[parent.id];
      if (index !== undefined) lists.unshift(`${parent.label ?? parent.path ?? parent.id}, regel ${index + 1}`);
    }
    return lists.length > 0 ? `${own} (${lists.join('; ')})` : own;
  }

  private flatten(errors: ErrorTree): FieldMessage[] {
    const result: FieldMessage[] = [];
    const instances = this.instances();
    for (const [fieldId, node] of Object.entries(errors)) {
      const listIds = this.listAncestors(fieldId);
      const walk = (current: ErrorNode | undefined | null, rowIndexes: number[]) => {
        if (!Array.isArray(current)) return;
        if (current.every((item) => typeof item === 'string')) {
          const indexes = Object.fromEntries(listIds.map((id, position) => [id, rowIndexes[position] ?? 0]));
          const instance = instances.find(
            (candidate) => candidate.id === fieldId && sameIndexes(candidate.indexes, indexes),
          );
          const target = instance
            ? this.targetOf(instance)
            : { domId: domIdOf(this.form._id, fieldId, indexes), label: this.labelOf(fieldId, indexes) };
          for (const message of current as string[]) result.push({ message, target });
          return;
        }
        current.forEach((child, index) => {
          walk(child as ErrorNode | undefined | null, [...rowIndexes, index]);
        });
      };
      walk(node, []);
    }
    return result;
  }

  /** The ids of the repeating lists around a field, outermost first: they index its errors. */
  private listAncestors(fieldId: string): string[] {
    const ids: string[] = [];
    for (let parent = this.field(this.field(fieldId)?._parent); parent; parent = this.field(parent._parent)) {
      if (parent.type === 'dynamiclist') ids.unshift(parent.id);
    }
    return ids;
  }
}

/** form-js's DOM id scheme (`prefixId` in form-js-viewer): fjs-form-<form>-<field>_<row>… */
function domIdOf(formId: string, fieldId: string, indexes: Record<string, number> = {}): string {
  return [`fjs-form-${formId}-${fieldId}`, ...Object.values(indexes)].join('_');
}

function sameIndexes(a: Record<string, number> = {}, b: Record<string, number> = {}): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].every((key) => a[key] === b[key]);
}

function pathKey(path: Array<string | number>): string {
  return path.map(String).join('.');
}

/** `variables.deelnemers[0].naam` → `deelnemers.0.naam`; undefined for paths outside variables. */
export function serverPathKey(path: string): string | undefined {
  if (!path.startsWith('variables.')) return undefined;
  return path
    .slice('variables.'.length)
    .replace(/\[(\d+)\]/g, '.$1')
    .split('.')
    .filter(Boolean)
    .join('.');
}

function valueAt(data: Variables, path: Array<string | number>): JsonValue | undefined {
  let current: JsonValue | undefined = data;
  for (const step of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = Array.isArray(current) ? current[Number(step)] : current[String(step)];
  }
  return current;
}

/** Values compare by their JSON, so "the same value" survives form-js cloning its state. */
function stable(value: unknown): string {
  return JSON.stringify(value ?? null);
}
