import { useEffect, useMemo, useState } from 'preact/hooks';
import type { DefinitionVersion } from '../../../server/contract/api';
import { messageOf } from '../../api/http';
import { KIND_LABELS } from '../../diagram/diff/DiffMarkers';
import { type ChangeKind, compareVersions, type ElementChange, type VersionDiff } from '../../diagram/diff/DiffUtil';
import { definitionXml, processName } from '../overview/definitions';
import { ProcessBreadcrumb } from '../process-breadcrumb';
import { compareHref } from './compare-address';
import { CompareVersionsForm } from './compare-versions-form';
import { DiffDiagram } from './diff-diagram';
import { attributeLabel, KIND_HEADINGS, typeName } from './diff-labels';

type Comparison =
  | { status: 'loading' }
  | { status: 'error'; message: string }
  | { status: 'ready'; oldXml: string; newXml: string; diff: VersionDiff };

const KINDS: ChangeKind[] = ['added', 'removed', 'changed'];

/**
 * Two versions of a process compared (`?vergelijk=1-2`): the new diagram, then the old one (each at
 * full width: side by side a whole process is too small to read), added elements marked on the
 * new one, removed on the old one, changed on both; and the same
 * changes as a list that says what changed, so nothing depends on colour.
 */
export function VersionComparison(props: {
  processKey: string;
  versions: readonly DefinitionVersion[];
  from: DefinitionVersion;
  to: DefinitionVersion;
}) {
  const { processKey, versions, from, to } = props;
  const name = processName(to);
  const [comparison, setComparison] = useState<Comparison>({ status: 'loading' });

  useEffect(() => {
    let alive = true;
    setComparison({ status: 'loading' });
    const load = async () => {
      const [oldXml, newXml] = await Promise.all([
        definitionXml({ key: processKey, version: from.version }),
        definitionXml({ key: processKey, version: to.version }),
      ]);
      return { oldXml, newXml, diff: await compareVersions(oldXml, newXml) };
    };
    load()
      .then((ready) => alive && setComparison({ status: 'ready', ...ready }))
      .catch((error: unknown) => alive && setComparison({ status: 'error', message: messageOf(error) }));
    return () => {
      alive = false;
    };
  }, [processKey, from.version, to.version]);

  const changes = comparison.status === 'ready' ? comparison.diff.changes : [];
  const onOld = useMemo(() => changes.filter((change) => change.kind !== 'added'), [changes]);
  const onNew = useMemo(() => changes.filter((change) => change.kind !== 'removed'), [changes]);

  return (
    <section class="version-comparison" aria-labelledby="vergelijking-titel">
      <ProcessBreadcrumb processKey={processKey} name={name} step="Vergelijken" />
      <h1 id="vergelijking-titel">
        {name}: versie {from.version} en {to.version} vergeleken
      </h1>
      <CompareVersionsForm
        key={`${from.version}-${to.version}`}
        versions={versions}
        from={from.version}
        to={to.version}
        href={(older, newer) => compareHref(processKey, older, newer)}
        headingLevel={2}
      />
      <DiffLegend />
      {comparison.status === 'loading' ? (
        <p role="status">De versies worden vergeleken…</p>
      ) : comparison.status === 'error' ? (
        <div class="notice error" role="alert">
          <p>De versies konden niet worden vergeleken. {comparison.message}</p>
        </div>
      ) : (
        <>
          <div class="diff-diagrams">
            <div>
              <h2>Versie {to.version} (nieuw)</h2>
              <DiffDiagram
                xml={comparison.newXml}
                changes={onNew}
                describedBy="wijzigingen-titel"
                label={`Diagram van ${name}, versie ${to.version}, met nieuwe en gewijzigde stappen gemarkeerd`}
              />
            </div>
            <div>
              <h2>Versie {from.version} (oud)</h2>
              <DiffDiagram
                xml={comparison.oldXml}
                changes={onOld}
                describedBy="wijzigingen-titel"
                label={`Diagram van ${name}, versie ${from.version}, met verwijderde en gewijzigde stappen gemarkeerd`}
              />
            </div>
          </div>
          <ChangeList diff={comparison.diff} from={from.version} to={to.version} />
        </>
      )}
    </section>
  );
}

function DiffLegend() {
  return (
    <ul class="diff-legend" aria-label="Legenda">
      {KINDS.map((kind) => (
        <li key={kind}>
          <span class={`cr-diff-label cr-diff-${kind}-label`}>{KIND_LABELS[kind]}</span>
          {kind === 'added'
            ? ' alleen in de nieuwe versie'
            : kind === 'removed'
              ? ' alleen in de oude versie'
              : ' in beide, met andere eigenschappen'}
        </li>
      ))}
    </ul>
  );
}

function ChangeList({ diff, from, to }: { diff: VersionDiff; from: number; to: number }) {
  const total = diff.changes.length;
  return (
    <section class="change-list" aria-labelledby="wijzigingen-titel">
      <h2 id="wijzigingen-titel">
        Wijzigingen van versie {from} naar {to}
      </h2>
      {total === 0 ? <p>Geen inhoudelijke verschillen tussen deze versies.</p> : null}
      {KINDS.map((kind) => {
        const items = diff.changes.filter((change) => change.kind === kind);
        if (items.length === 0) return null;
        return (
          <div key={kind} class={`change-group change-${kind}`}>
            <h3>
              {KIND_HEADINGS[kind]} ({items.length})
            </h3>
            <ul>
              {items.map((change) => (
                <ChangeItem key={change.elementId} change={change} />
              ))}
            </ul>
          </div>
        );
      })}
      {diff.layoutOnly.length > 0 ? (
        <p class="muted">
          {diff.layoutOnly.length === 1 ? '1 element is' : `${diff.layoutOnly.length} elementen zijn`} alleen verplaatst
          of anders getekend.
        </p>
      ) : null}
    </section>
  );
}

function ChangeItem({ change }: { change: ElementChange }) {
  return (
    <li data-element-id={change.elementId}>
      <span class={`cr-diff-label cr-diff-${change.kind}-label`}>{KIND_LABELS[change.kind]}</span>{' '}
      <strong>{change.name ?? change.elementId}</strong>{' '}
      <span class="muted">
        ({typeName(change.type)}, {change.elementId})
      </span>
      {change.attributes.length > 0 ? (
        <ul class="attribute-changes">
          {change.attributes.map((attribute) => (
            <li key={attribute.attribute}>
              {attributeLabel(attribute.attribute)}: <code>{attribute.oldValue}</code> <span aria-hidden="true">→</span>
              <span class="visually-hidden"> wordt </span> <code>{attribute.newValue}</code>
            </li>
          ))}
        </ul>
      ) : null}
    </li>
  );
}
