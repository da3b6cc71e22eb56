import { useEffect, useState } from 'preact/hooks';
import type { ComparedField, FormComparison, FormVersion } from '../../../server/contract/forms';
import { messageOf } from '../../api/http';
import { LoadFailed } from '../load-failed';
import { CompareVersionsForm } from '../versions/compare-versions-form';
import { KIND_HEADINGS } from '../versions/diff-labels';
import { fetchFormComparison, formCompareHref } from './form-api';
import { FormBreadcrumb } from './form-breadcrumb';
import { componentTypeName, propertyLabel, propertyValue } from './form-labels';

type Loaded = { status: 'loading' } | { status: 'error'; message: string } | { status: 'ready'; diff: FormComparison };

/** The word beside each colour, as on the diagrams' comparison: nothing depends on colour alone. */
const KIND_WORDS = { added: 'nieuw', removed: 'verwijderd', changed: 'gewijzigd' } as const;
type Kind = keyof typeof KIND_WORDS;

/**
 * Two versions of a form compared (`/formulieren/:key?vergelijk=1-2`): the fields only the new
 * version has, those only the old one had, and those in both with, per changed property, the old
 * and the new value. The server compares (GET /api/forms/:key/compare); this shows it.
 */
export function FormVersionComparison(props: {
  formKey: string;
  title: string;
  /** Newest first. */
  versions: readonly FormVersion[];
  from: number;
  to: number;
}) {
  const { formKey, title, versions, from, to } = props;
  const [loaded, setLoaded] = useState<Loaded>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let alive = true;
    setLoaded({ status: 'loading' });
    fetchFormComparison(formKey, from, to)
      .then((diff) => alive && setLoaded({ status: 'ready', diff }))
      .catch((error: unknown) => alive && setLoaded({ status: 'error', message: messageOf(error) }));
    return () => {
      alive = false;
    };
  }, [formKey, from, to, attempt]);

  return (
    <section class="form-comparison" aria-labelledby="vergelijking-titel">
      <FormBreadcrumb formKey={formKey} title={title} step="Vergelijken" />
      <h1 id="vergelijking-titel">
        {title}: versie {from} en {to} vergeleken
      </h1>
      <CompareVersionsForm
        key={`${from}-${to}`}
        versions={versions}
        href={(older, newer) => formCompareHref(formKey, older, newer)}
        from={from}
        to={to}
        headingLevel={2}
      />
      {loaded.status === 'loading' ? (
        <p role="status">De versies worden vergeleken…</p>
      ) : loaded.status === 'error' ? (
        <LoadFailed
          message={`De versies konden niet worden vergeleken. ${loaded.message}`}
          onRetry={() => setAttempt((count) => count + 1)}
        />
      ) : (
        <FieldChanges diff={loaded.diff} />
      )}
    </section>
  );
}

function FieldChanges({ diff }: { diff: FormComparison }) {
  const counts: Record<Kind, number> = {
    added: diff.added.length,
    removed: diff.removed.length,
    changed: diff.changed.length,
  };
  const total = counts.added + counts.removed + counts.changed;
  return (
    <section class="change-list" aria-labelledby="wijzigingen-titel">
      <h2 id="wijzigingen-titel">
        Wijzigingen van versie {diff.from} naar {diff.to}
      </h2>
      {total === 0 ? <p>Geen verschillen in de velden tussen deze versies.</p> : null}
      {counts.added > 0 ? (
        <FieldGroup kind="added" count={counts.added} explanation="alleen in de nieuwe versie">
          {diff.added.map((field) => (
            <li key={field.key} data-field={field.key}>
              <FieldName kind="added" field={field} />
            </li>
          ))}
        </FieldGroup>
      ) : null}
      {counts.removed > 0 ? (
        <FieldGroup kind="removed" count={counts.removed} explanation="alleen in de oude versie">
          {diff.removed.map((field) => (
            <li key={field.key} data-field={field.key}>
              <FieldName kind="removed" field={field} />
            </li>
          ))}
        </FieldGroup>
      ) : null}
      {counts.changed > 0 ? (
        <FieldGroup kind="changed" count={counts.changed} explanation="in beide, met andere eigenschappen">
          {diff.changed.map(({ field, changes }) => (
            <li key={field.key} data-field={field.key}>
              <FieldName kind="changed" field={field} />
              <ul class="attribute-changes">
                {changes.map((change) => (
                  <li key={change.property} data-property={change.property}>
                    {propertyLabel(change.property)}: <code>{propertyValue(change.from)}</code>{' '}
                    <span aria-hidden="true">→</span>
                    <span class="visually-hidden"> wordt </span> <code>{propertyValue(change.to)}</code>
                  </li>
                ))}
              </ul>
            </li>
          ))}
        </FieldGroup>
      ) : null}
    </section>
  );
}

function FieldGroup(props: { kind: Kind; count: number; explanation: string; children: preact.ComponentChildren }) {
  return (
    <div class={`change-group change-${props.kind}`}>
      <h3>
        {KIND_HEADINGS[props.kind]} ({props.count}) <span class="muted">{props.explanation}</span>
      </h3>
      <ul>{props.children}</ul>
    </div>
  );
}

function FieldName({ kind, field }: { kind: Kind; field: ComparedField }) {
  return (
    <>
      <span class={`cr-diff-label cr-diff-${kind}-label`}>{KIND_WORDS[kind]}</span>{' '}
      <strong>{field.label || field.key}</strong>{' '}
      <span class="muted">
        ({componentTypeName(field.type)}, <code>{field.key}</code>)
      </span>
    </>
  );
}
