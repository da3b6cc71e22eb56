import { useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { FormSchema, ProblemItem, Variables } from '../../../server/contract/api';
import { FORM_KEY, formSchemaProblems } from '../../../server/forms/form-schema-rules';
import { FormView } from '../task/form-view';
import { MAX_NOTE_LENGTH, type SaveOutcome, saveForm } from './form-api';
import {
  type DiagramExpression,
  type RoutingHint,
  type RoutingVariable,
  routingHints,
  routingVariables,
} from './routing-hints';
import '../../styles/form-editor.css';

/** The editor itself (form-js-editor) is most of this screen's weight: loaded on demand. */
type FormEditorCanvasComponent = typeof import('./form-editor-canvas').FormEditorCanvas;

export type SaveState = { status: 'idle' } | { status: 'busy' } | { status: 'done'; outcome: SaveOutcome };

export type FormEditorPanelProps = Parameters<typeof FormEditorPanel>[0];

/**
 * Editing one form: the form-js editor, the project's rules checked while editing (the same
 * formSchemaProblems the server refuses with), the variables the diagram reads (when opened from
 * the modeler), a preview with test data, and saving as a new version with a note.
 *
 * `idPrefix` keeps the ids unique when the panel sits in a dialog on the modeler's page.
 */
export function FormEditorPanel(props: {
  /** The form's key when editing an existing one; undefined for a new form. */
  formKey: string | undefined;
  /** A suggestion for a new form's key (from the task's name). */
  initialKey?: string;
  initialSchema: FormSchema;
  /** The keys of the forms that exist: a new form may not take one (it would become its next version). */
  existingKeys?: ReadonlySet<string>;
  /** The diagram's conditions and output parameters; undefined outside the modeler. */
  expressions: DiagramExpression[] | undefined;
  headingLevel: 2 | 3;
  idPrefix: string;
  onSaved: (key: string, version: number) => void;
  /** Called with whether there are unsaved edits, so a screen can warn before they are lost. */
  onDirty?: (dirty: boolean) => void;
}) {
  const { formKey, idPrefix } = props;
  const id = (name: string) => `${idPrefix}-${name}`;
  const [newKey, setNewKey] = useState(props.initialKey ?? '');
  const [schema, setSchema] = useState<FormSchema>(props.initialSchema);
  const [editor, setEditor] = useState<{ FormEditorCanvas: FormEditorCanvasComponent } | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [note, setNote] = useState('');
  const [save, setSave] = useState<SaveState>({ status: 'idle' });
  const [triedSave, setTriedSave] = useState(false);
  const edits = useRef(0);
  const outcomeHeading = useRef<HTMLParagraphElement>(null);
  const problemsHeading = useRef<HTMLHeadingElement>(null);

  const key = formKey ?? newKey.trim();
  const withKey = useMemo<FormSchema>(() => ({ ...schema, id: key }), [schema, key]);
  const problems = useMemo(() => {
    const taken =
      formKey === undefined && props.existingKeys?.has(key)
        ? [
            {
              path: 'id',
              code: 'form-key-taken',
              message: `Er bestaat al een formulier met de sleutel "${key}". Kies een andere sleutel, of bewerk dat formulier.`,
            },
          ]
        : [];
    return [...taken, ...formSchemaProblems(withKey)];
  }, [withKey, formKey, key, props.existingKeys]);
  const routing = useMemo(
    () => (props.expressions ? routingVariables(props.expressions) : undefined),
    [props.expressions],
  );
  const hints = useMemo(() => (routing ? routingHints(routing, withKey) : undefined), [routing, withKey]);

  useLayoutEffect(() => {
    let alive = true;
    import('./form-editor-canvas')
      .then(({ FormEditorCanvas }) => alive && setEditor({ FormEditorCanvas }))
      .catch(() => alive && setLoadError('De formuliereditor kon niet worden geladen. Herlaad de pagina.'));
    return () => {
      alive = false;
    };
  }, []);

  useLayoutEffect(() => {
    if (save.status === 'done') outcomeHeading.current?.focus();
  }, [save]);

  const onChange = (changed: FormSchema) => {
    setSchema(changed);
    // The first change is the import itself.
    edits.current += 1;
    if (edits.current > 1) props.onDirty?.(true);
  };

  const submit = async (event: Event) => {
    event.preventDefault();
    if (save.status === 'busy') return;
    setTriedSave(true);
    if (problems.length > 0) {
      problemsHeading.current?.focus();
      return;
    }
    setSave({ status: 'busy' });
    const outcome = await saveForm(withKey, note);
    setSave({ status: 'done', outcome });
    if (outcome.kind === 'created' || outcome.kind === 'unchanged') {
      setNote('');
      props.onDirty?.(false);
      props.onSaved(outcome.key, outcome.version);
    }
  };

  const Heading = props.headingLevel === 2 ? 'h2' : 'h3';
  const keyInvalid = formKey === undefined && triedSave && !FORM_KEY.test(key);
  return (
    <div class="form-editor">
      {formKey === undefined ? (
        <div class="form-editor-key">
          <label for={id('sleutel')}>Formuliersleutel</label>
          <input
            id={id('sleutel')}
            type="text"
            required
            autocomplete="off"
            spellcheck={false}
            value={newKey}
            aria-invalid={keyInvalid}
            aria-describedby={id('sleutel-uitleg')}
            onInput={(event) => setNewKey((event.currentTarget as HTMLInputElement).value)}
          />
          <p id={id('sleutel-uitleg')} class="muted field-hint">
            Kleine letters, cijfers en streepjes, bijvoorbeeld <code>huisbezoek</code>. Met deze sleutel noemt een taak
            in het diagram het formulier; hij verandert niet meer.
          </p>
        </div>
      ) : null}

      {loadError ? (
        <p class="notice error" role="alert">
          {loadError}
        </p>
      ) : editor ? (
        <editor.FormEditorCanvas schema={props.initialSchema} onChange={onChange} onError={setLoadError} />
      ) : (
        <p role="status">De formuliereditor wordt geladen…</p>
      )}

      <div class="form-editor-below">
        <section class="form-editor-checks" aria-labelledby={id('controle-kop')}>
          <Heading id={id('controle-kop')} tabIndex={-1} ref={problemsHeading}>
            Controle
          </Heading>
          <ProblemList problems={problems} />
          {hints ? <HintList hints={hints} headingLevel={props.headingLevel} idPrefix={idPrefix} /> : null}
        </section>

        <Preview schema={withKey} headingLevel={props.headingLevel} idPrefix={idPrefix} />

        <section class="form-editor-save" aria-labelledby={id('opslaan-kop')}>
          <Heading id={id('opslaan-kop')}>Opslaan</Heading>
          <p class="muted">
            Opslaan maakt een nieuwe versie van het formulier. Een diagram gebruikt de nieuwe versie pas nadat het
            opnieuw is uitgerold; lopende casussen houden hun formulier.
          </p>
          <form onSubmit={(event) => void submit(event)}>
            <label for={id('notitie')}>Notitie bij deze versie (optioneel)</label>
            <textarea
              id={id('notitie')}
              rows={2}
              maxLength={MAX_NOTE_LENGTH}
              value={note}
              onInput={(event) => setNote((event.currentTarget as HTMLTextAreaElement).value)}
            />
            <button type="submit" disabled={save.status === 'busy' || !editor}>
              {save.status === 'busy' ? 'Bezig met opslaan…' : 'Opslaan als nieuwe versie'}
            </button>
          </form>
          {triedSave && problems.length > 0 && save.status !== 'busy' ? (
            <p class="notice error" role="alert">
              Het formulier kan nog niet worden opgeslagen: los eerst de punten onder Controle op.
            </p>
          ) : null}
          {save.status === 'done' ? (
            <SaveResult outcome={save.outcome} headingRef={outcomeHeading} idPrefix={idPrefix} />
          ) : null}
        </section>
      </div>
    </div>
  );
}

function ProblemList({ problems }: { problems: ProblemItem[] }) {
  return (
    <>
      <p class={problems.length ? 'form-check-summary error' : 'form-check-summary ok'} role="status">
        {problems.length === 0
          ? 'Het formulier voldoet aan de regels.'
          : problems.length === 1
            ? '1 punt om op te lossen voordat u kunt opslaan:'
            : `${problems.length} punten om op te lossen voordat u kunt opslaan:`}
      </p>
      {problems.length ? (
        <ul class="form-problems">
          {problems.map((problem) => (
            <li key={`${problem.path}-${problem.code}`}>{problem.message}</li>
          ))}
        </ul>
      ) : null}
    </>
  );
}

function readers(variable: RoutingVariable): string {
  // Two flows may carry the same name ("Crisis"); the name once says enough.
  return [...new Set(variable.readBy.map((reader) => reader.elementName ?? reader.elementId))].join(', ');
}

function HintList(props: { hints: RoutingHint[]; headingLevel: 2 | 3; idPrefix: string }) {
  const Heading = props.headingLevel === 2 ? 'h3' : 'h4';
  if (props.hints.length === 0)
    return <p class="muted">De voorwaarden en uitvoerparameters van het diagram lezen geen variabelen.</p>;
  const set = props.hints.filter((hint) => hint.kind !== 'missing');
  const missing = props.hints.filter((hint) => hint.kind === 'missing');
  return (
    <>
      <Heading>Variabelen die het diagram leest</Heading>
      <p class="muted">
        Voorwaarden en uitvoerparameters van het diagram lezen deze variabelen. Zet een veld met zo'n sleutel als deze
        taak de waarde bepaalt, en maak het verplicht: zonder waarde kan de route niet worden bepaald.
      </p>
      {set.length ? (
        <ul class="routing-hints">
          {set.map((hint) => (
            <li key={hint.variable.name} class={`routing-hint ${hint.kind}`}>
              <code>{hint.variable.name}</code> (gelezen door {readers(hint.variable)}):{' '}
              {hint.kind === 'optional'
                ? `in dit formulier als "${hint.label}", maar niet verplicht.`
                : `in dit formulier als "${hint.label}", verplicht.`}
            </li>
          ))}
        </ul>
      ) : null}
      {missing.length ? (
        <details class="routing-missing" open={set.length === 0}>
          <summary>
            {missing.length === 1
              ? '1 variabele die dit formulier niet zet'
              : `${missing.length} variabelen die dit formulier niet zet`}
          </summary>
          <ul class="routing-hints">
            {missing.map((hint) => (
              <li key={hint.variable.name} class="routing-hint missing">
                <code>{hint.variable.name}</code> (gelezen door {readers(hint.variable)})
              </li>
            ))}
          </ul>
        </details>
      ) : null}
    </>
  );
}

/** The test data as the process owner types it: JSON of variables, or a message why not. */
function parseTestData(text: string): Variables | string {
  if (!text.trim()) return {};
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Variables;
    return 'De testgegevens moeten een JSON-object zijn, bijvoorbeeld {"naam": "Sam"}.';
  } catch {
    return 'De testgegevens zijn geen geldige JSON.';
  }
}

function Preview(props: { schema: FormSchema; headingLevel: 2 | 3; idPrefix: string }) {
  const id = (name: string) => `${props.idPrefix}-${name}`;
  const Heading = props.headingLevel === 2 ? 'h2' : 'h3';
  const [testData, setTestData] = useState('');
  const [shown, setShown] = useState<{ schema: FormSchema; data: Variables; round: number } | null>(null);
  const [entered, setEntered] = useState<Variables>({});
  const [dataError, setDataError] = useState<string | null>(null);

  const show = () => {
    const data = parseTestData(testData);
    if (typeof data === 'string') {
      setDataError(data);
      return;
    }
    setDataError(null);
    setEntered(data);
    setShown((current) => ({ schema: props.schema, data, round: (current?.round ?? 0) + 1 }));
  };

  return (
    <section class="form-editor-preview" aria-labelledby={id('voorbeeld-kop')}>
      <Heading id={id('voorbeeld-kop')}>Voorbeeld</Heading>
      <p class="muted">
        Zo ziet de behandelaar het formulier. Vul eventueel testgegevens in (JSON met de sleutels van de velden) om te
        zien hoe het formulier ze toont.
      </p>
      <label for={id('testgegevens')}>Testgegevens (JSON, optioneel)</label>
      <textarea
        id={id('testgegevens')}
        rows={3}
        spellcheck={false}
        value={testData}
        aria-invalid={dataError !== null}
        aria-describedby={dataError ? id('testgegevens-fout') : undefined}
        onInput={(event) => setTestData((event.currentTarget as HTMLTextAreaElement).value)}
      />
      {dataError ? (
        <p id={id('testgegevens-fout')} class="field-error" role="alert">
          {dataError}
        </p>
      ) : null}
      <button type="button" class="secondary" onClick={show}>
        {shown ? 'Voorbeeld bijwerken' : 'Voorbeeld tonen'}
      </button>
      {shown ? (
        <div class="form-preview">
          <FormView
            key={shown.round}
            schema={shown.schema}
            data={shown.data}
            readOnly={false}
            ariaLabel="Voorbeeld van het formulier"
            onChange={setEntered}
            onReady={() => {}}
          />
          <details>
            <summary>Ingevulde waarden</summary>
            <pre class="form-preview-values">{JSON.stringify(entered, null, 2)}</pre>
          </details>
        </div>
      ) : null}
    </section>
  );
}

function SaveResult(props: {
  outcome: SaveOutcome;
  headingRef: { current: HTMLParagraphElement | null };
  idPrefix: string;
}) {
  const { outcome } = props;
  const title =
    outcome.kind === 'created'
      ? `Opgeslagen als versie ${outcome.version}`
      : outcome.kind === 'unchanged'
        ? `Niets gewijzigd: dit is versie ${outcome.version}`
        : outcome.kind === 'forbidden'
          ? 'Alleen een proceseigenaar kan formulieren opslaan'
          : 'Niet opgeslagen';
  const failed = outcome.kind === 'refused' || outcome.kind === 'failed' || outcome.kind === 'forbidden';
  return (
    <div class={failed ? 'notice error save-result' : 'notice save-result'} role={failed ? 'alert' : 'status'}>
      <p class="save-result-title" id={`${props.idPrefix}-resultaat`} tabIndex={-1} ref={props.headingRef}>
        <strong>{title}</strong>
      </p>
      {outcome.kind === 'refused' || outcome.kind === 'failed' ? <p>{outcome.detail}</p> : null}
      {outcome.kind === 'refused' && outcome.problems.length ? (
        <ul>
          {outcome.problems.map((problem) => (
            <li key={`${problem.path}-${problem.code}`}>{problem.message}</li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
