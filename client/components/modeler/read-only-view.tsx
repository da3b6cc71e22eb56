import { useCallback, useEffect, useState } from 'preact/hooks';
import type { DefinitionVersion } from '../../../server/contract/api';
import { messageOf } from '../../api/http';
import { Link, navigate, paths } from '../../app/router';
import { DiagramCanvas } from '../../diagram/diagram-canvas';
import { definitionXml } from '../overview/definitions';
import { ProcessBreadcrumb } from '../process-breadcrumb';
import { VersionSelect } from '../versions/version-select';

const NO_MODULES: never[] = [];

/** For everyone but process owners: the diagram as it is, and why it cannot be edited here. */
export function ReadOnlyView(props: {
  processKey: string;
  name: string;
  definition: DefinitionVersion;
  versions: DefinitionVersion[];
}) {
  const { processKey, name, definition, versions } = props;
  const [xml, setXml] = useState<
    { status: 'loading' } | { status: 'error'; message: string } | { status: 'ready'; xml: string }
  >({ status: 'loading' });
  useEffect(() => {
    let alive = true;
    setXml({ status: 'loading' });
    definitionXml({ key: processKey, version: definition.version })
      .then((text) => alive && setXml({ status: 'ready', xml: text }))
      .catch((error: unknown) => alive && setXml({ status: 'error', message: messageOf(error) }));
    return () => {
      alive = false;
    };
  }, [processKey, definition.version]);
  const onError = useCallback((message: string) => setXml({ status: 'error', message }), []);
  const noop = useCallback(() => {}, []);

  return (
    <section class="modeler-page">
      <ProcessBreadcrumb processKey={processKey} name={name} step="Bekijken" />
      <h1>
        {name} <span class="version-tag">versie {definition.version}</span>
      </h1>
      <div class="notice" data-read-only="true">
        <p>
          <strong>Alleen bekijken.</strong> Alleen een proceseigenaar kan een proces bewerken en als nieuwe versie
          uitrollen. U ziet het diagram hier zoals het is.
        </p>
        <p>
          <Link href={`${paths.process(processKey)}?versie=${definition.version}`}>
            Naar het procesoverzicht van versie {definition.version}
          </Link>
          , waar u ziet waar casussen wachten.
        </p>
      </div>
      <div class="modeler-controls">
        <VersionSelect
          label="Versie"
          versions={versions}
          value={definition.version}
          onChoose={(version) => navigate(`${paths.modeler(processKey)}?versie=${version}`)}
        />
      </div>
      {xml.status === 'ready' ? (
        <DiagramCanvas
          key={xml.xml}
          xml={xml.xml}
          modules={NO_MODULES}
          label={`Diagram van ${name}, versie ${definition.version}`}
          onReady={noop}
          onError={onError}
        />
      ) : xml.status === 'loading' ? (
        <p class="diagram-message" role="status">
          Het diagram wordt geladen…
        </p>
      ) : (
        <div class="notice error" role="alert">
          <p>Het diagram kon niet worden geladen. {xml.message}</p>
        </div>
      )}
    </section>
  );
}
