import type Modeler from 'bpmn-js/lib/Modeler';
import type { ToggleMode, ToggleModeEvent } from 'bpmn-js-token-simulation';
import type ElementRegistry from 'diagram-js/lib/core/ElementRegistry';
import type EventBus from 'diagram-js/lib/core/EventBus';
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import type { DefinitionVersion } from '../../server/contract/api';
import { messageOf } from '../api/http';
import { useLiveEvent } from '../api/live';
import { navigate, paths } from '../app/router';
import { useUser } from '../app/session';
import { diagramExpressions } from '../components/form-editor/diagram-expressions';
import { type FormSummary, listForms } from '../components/form-editor/form-api';
import { NewFormDialog } from '../components/form-editor/new-form-dialog';
import type { DiagramExpression } from '../components/form-editor/routing-hints';
import { deployDiagram } from '../components/modeler/deploy-api';
import { DeployPanel, type DeployState } from '../components/modeler/deploy-panel';
import { LintPanel, lintCounts } from '../components/modeler/lint-panel';
import { ReadOnlyView } from '../components/modeler/read-only-view';
import { definitionXml, processName } from '../components/overview/definitions';
import { usePageTitle } from '../components/page-title';
import { ProcessBreadcrumb } from '../components/process-breadcrumb';
import { requestedVersion, useDefinitionVersions } from '../components/versions/use-definition-versions';
import { VersionSelect } from '../components/versions/version-select';
import { VersionsPending } from '../components/versions/versions-pending';
import type { LintIssue } from '../diagram/modeler';
import type DeployProblems from '../diagram/modeler/deploy-problems/DeployProblems';
import type ElementFocus from '../diagram/modeler/element-focus/ElementFocus';
import type LintIssues from '../diagram/modeler/lint/LintIssues';
import { describeElement } from '../diagram/modeler/ModelerUtil';
import type FormCatalogue from '../diagram/modeler/properties/FormCatalogue';
import { NEW_FORM_EVENT, type NewFormEvent } from '../diagram/modeler/properties/FormCatalogue';
import { NotFoundScreen } from './not-found-screen';
import '../styles/modeler.css';

/** `version` is what the editor holds: the version loaded, or the one it was deployed as since. */
type Diagram =
  | { status: 'loading' }
  | { status: 'error'; message: string }
  | { status: 'ready'; version: number; xml: string };

const TOGGLE_SIMULATION_EVENT = 'tokenSimulation.toggleMode';

/** The task the process owner makes a new form for, and what the diagram reads at that moment. */
interface NewFormRequest {
  element: unknown;
  taskName: string;
  expressions: DiagramExpression[];
}

interface Modeling {
  updateProperties(element: unknown, properties: Record<string, unknown>): void;
}

/** The editor is most of the client's weight and only process owners need it: loaded on demand. */
type ModelerCanvasComponent = typeof import('../components/modeler/modeler-canvas').ModelerCanvas;

/**
 * The modeler at `/processen/:key/bewerken` (`?versie=N` opens another version than the latest):
 * a process owner edits the diagram with the Camunda properties panel, sees the lint findings of
 * the server's own rules while editing, can dry-run it (token simulation) and deploys it as a new
 * version. Anyone else sees the diagram read-only, with why.
 */
export function ModelerScreen({ processKey }: { processKey: string }) {
  const isOwner = useUser().roles.includes('proceseigenaar');
  const requested = requestedVersion();
  // Without ?versie the editor opens the latest version at arrival; a deployment by someone else
  // meanwhile does not swap the diagram under the user's edits.
  const { versions, arrivalVersion, reload: loadVersions } = useDefinitionVersions(processKey);
  // After a deploy the editor holds the new version: a reload or a shared link must open that one.
  // The address changes only once the list knows the version (else the screen would say it does
  // not exist), and not through navigate(), which scrolls away from the result the user is reading.
  const onOwnDeploy = useCallback(
    async (version: number) => {
      const all = await loadVersions();
      if (all?.some((definition) => definition.version === version))
        history.replaceState(null, '', `${paths.modeler(processKey)}?versie=${version}`);
    },
    [processKey, loadVersions],
  );

  const list = versions.status === 'ready' ? versions.versions : [];
  const target = requested ?? arrivalVersion;
  const selected = list.find((definition) => definition.version === target);
  const name = processName(selected ?? list[0] ?? { key: processKey });
  usePageTitle(isOwner ? `${name} bewerken · Processen` : `${name}, alleen bekijken · Processen`);

  if (versions.status === 'ready' && list.length === 0)
    return <NotFoundScreen message={`Het proces "${processKey}" bestaat niet.`} />;
  if (versions.status === 'ready' && target !== undefined && !selected) {
    return (
      <NotFoundScreen
        message={`Versie ${target} van ${name} bestaat niet. De nieuwste versie is versie ${list[0]!.version}.`}
      />
    );
  }
  if (versions.status === 'error' || !selected) {
    return (
      <VersionsPending
        versions={versions}
        heading={`${name} bewerken`}
        class="modeler-page"
        onRetry={() => void loadVersions()}
      />
    );
  }
  return isOwner ? (
    <ModelerView
      processKey={processKey}
      name={name}
      target={selected.version}
      versions={list}
      onDeployed={onOwnDeploy}
    />
  ) : (
    <ReadOnlyView processKey={processKey} name={name} definition={selected} versions={list} />
  );
}

function ModelerView(props: {
  processKey: string;
  name: string;
  target: number;
  versions: DefinitionVersion[];
  onDeployed: (version: number) => Promise<void>;
}) {
  const { processKey, name, target, versions } = props;
  const [diagram, setDiagram] = useState<Diagram>({ status: 'loading' });
  const [modeler, setModeler] = useState<Modeler | null>(null);
  const [issues, setIssues] = useState<readonly LintIssue[] | undefined>(undefined);
  const [simulating, setSimulating] = useState(false);
  const [dirty, setDirty] = useState(false);
  const [deploy, setDeploy] = useState<DeployState>({ status: 'idle' });
  const [editor, setEditor] = useState<{ ModelerCanvas: ModelerCanvasComponent } | null>(null);
  const [forms, setForms] = useState<FormSummary[] | undefined>(undefined);
  const [newForm, setNewForm] = useState<NewFormRequest | null>(null);
  const [formNotice, setFormNotice] = useState('');
  // The version in the editor, for the loader: after a deploy the address moves to the new version,
  // which must not reload what the editor already holds.
  const loaded = useRef<number | undefined>(undefined);

  const load = useCallback(() => {
    if (loaded.current === target) return;
    let alive = true;
    setDiagram({ status: 'loading' });
    setModeler(null);
    setIssues(undefined);
    setDirty(false);
    setSimulating(false);
    setDeploy({ status: 'idle' });
    definitionXml({ key: processKey, version: target })
      .then((xml) => {
        if (!alive) return;
        loaded.current = target;
        setDiagram({ status: 'ready', version: target, xml });
      })
      .catch((error: unknown) => alive && setDiagram({ status: 'error', message: messageOf(error) }));
    return () => {
      alive = false;
    };
  }, [processKey, target]);
  useEffect(load, [load]);
  useEffect(() => {
    let alive = true;
    import('../components/modeler/modeler-canvas')
      .then(({ ModelerCanvas }) => alive && setEditor({ ModelerCanvas }))
      .catch(
        () =>
          alive && setDiagram({ status: 'error', message: 'De editor kon niet worden geladen. Herlaad de pagina.' }),
      );
    return () => {
      alive = false;
    };
  }, []);

  const loadForms = useCallback(async () => {
    try {
      setForms(await listForms());
    } catch {
      // The panel keeps saying the forms are loading; the deploy still checks the key.
    }
  }, []);
  useEffect(() => {
    void loadForms();
  }, [loadForms]);
  // A form saved meanwhile (here, in another tab, by a colleague) becomes a choice at once.
  const onFormSaved = useCallback(() => void loadForms(), [loadForms]);
  useLiveEvent('form:saved', onFormSaved);
  // The properties panel offers the forms as the task's form.
  useEffect(() => {
    if (modeler && forms) modeler.get<FormCatalogue>('formCatalogue').set(forms);
  }, [modeler, forms]);

  const onReady = useCallback((ready: Modeler) => {
    const eventBus = ready.get<EventBus>('eventBus');
    eventBus.on<NewFormEvent>(NEW_FORM_EVENT, ({ element }) => {
      const name = (element as { businessObject?: { name?: string } }).businessObject?.name ?? '';
      setFormNotice('');
      setNewForm({
        element,
        taskName: name.replace(/\s+/g, ' ').trim(),
        expressions: diagramExpressions(ready.get<ElementRegistry>('elementRegistry')),
      });
    });
    eventBus.on('commandStack.changed', () => setDirty(true));
    eventBus.on<ToggleModeEvent>(TOGGLE_SIMULATION_EVENT, ({ active }) => setSimulating(active));
    ready.get<LintIssues>('lintIssues').subscribe(setIssues);
    setModeler(ready);
  }, []);
  const onCanvasError = useCallback((message: string) => setDiagram({ status: 'error', message }), []);

  const focusElement = useCallback(
    (elementId: string) => {
      if (modeler?.get<ElementFocus>('elementFocus').focus(elementId)) {
        // The properties panel now shows the element: that is where it gets fixed, so keyboard and
        // screen-reader users continue there.
        const heading = document.getElementById('eigenschappen-kop');
        heading?.scrollIntoView({ block: 'nearest' });
        heading?.focus({ preventScroll: true });
      }
    },
    [modeler],
  );
  const describe = useCallback(
    (elementId: string) =>
      modeler ? describeElement(modeler.get<ElementRegistry>('elementRegistry'), elementId) : undefined,
    [modeler],
  );

  const chooseVersion = (version: number) => {
    if (
      dirty &&
      !window.confirm(
        'U hebt wijzigingen die nog niet zijn uitgerold. Die gaan verloren als u een andere versie opent. Doorgaan?',
      )
    ) {
      // The select shows the choice already; render again so it shows the version in the editor.
      setDiagram((current) => ({ ...current }));
      return;
    }
    loaded.current = undefined;
    navigate(`${paths.modeler(processKey)}?versie=${version}`);
  };

  const onNewFormSaved = (key: string, version: number) => {
    if (modeler && newForm) {
      modeler.get<Modeling>('modeling').updateProperties(newForm.element, { 'camunda:formKey': key });
      setFormNotice(
        `Formulier "${key}" is opgeslagen als versie ${version}${newForm.taskName ? ` en staat bij de taak "${newForm.taskName}"` : ''}. Rol het diagram uit om het te gebruiken.`,
      );
    }
    setNewForm(null);
    void loadForms();
    // Back where the process owner asked for the form: the task's properties.
    document.getElementById('eigenschappen-kop')?.focus();
  };

  const toggleSimulation = () => modeler?.get<ToggleMode>('toggleMode').toggleMode(!simulating);

  const runDeploy = async (note: string) => {
    if (!modeler) return;
    setDeploy({ status: 'busy' });
    const problems = modeler.get<DeployProblems>('deployProblems');
    problems.clear();
    let xml: string;
    try {
      xml = (await modeler.saveXML({ format: true })).xml ?? '';
    } catch {
      setDeploy({
        status: 'done',
        outcome: { kind: 'failed', detail: 'Het diagram kon niet als XML worden opgeslagen.', problems: [] },
      });
      return;
    }
    const outcome = await deployDiagram(xml, note);
    setDeploy({ status: 'done', outcome });
    if (outcome.kind === 'refused' || outcome.kind === 'failed') problems.show(outcome.problems);
    if (outcome.kind === 'created' || outcome.kind === 'unchanged') {
      const version = outcome.result.version;
      loaded.current = version;
      setDiagram((current) => (current.status === 'ready' ? { ...current, version } : current));
      setDirty(false);
      void props.onDeployed(version);
    }
  };

  const latest = versions[0]!;
  const editing = diagram.status === 'ready' ? diagram.version : target;
  const counts = lintCounts(issues);
  return (
    <section class="modeler-page">
      <ProcessBreadcrumb processKey={processKey} name={name} step="Bewerken" />
      <div class="modeler-heading">
        <h1>
          {name} bewerken <span class="version-tag">vanaf versie {editing}</span>
        </h1>
        <p class="muted modeler-state" role="status">
          {dirty
            ? 'Gewijzigd, nog niet uitgerold'
            : deploy.status === 'done' && deploy.outcome.kind === 'created'
              ? `Uitgerold als versie ${editing}`
              : 'Geen wijzigingen'}
        </p>
      </div>
      {editing !== latest.version ? (
        <p class="notice">
          U bewerkt versie {editing}; de nieuwste is versie {latest.version}. Uitrollen maakt van uw diagram een nieuwe
          versie {latest.version + 1}.
        </p>
      ) : null}
      <div class="modeler-controls">
        <VersionSelect
          label="Versie om te bewerken"
          versions={versions}
          value={editing}
          dated
          onChoose={chooseVersion}
        />
        <button
          type="button"
          class={simulating ? 'simulation-toggle on' : 'simulation-toggle secondary'}
          aria-pressed={simulating}
          disabled={!modeler}
          onClick={toggleSimulation}
        >
          Proefdraaien
        </button>
      </div>
      {formNotice ? (
        <p class="notice" role="status">
          {formNotice}
        </p>
      ) : null}
      <p id="modeler-uitleg" class="muted modeler-help">
        {simulating
          ? 'Proefdraaien staat aan: klik op ▶ bij de startgebeurtenis om een token te laten lopen; bij een gateway kiest u zelf de route. Zolang kunt u niets wijzigen; er wordt niets opgeslagen.'
          : 'Kies een onderdeel om het rechts te bewerken: termijnen, kandidaatgroepen en het formulier van een taak, de voorwaarde van een stroom, timers. Met het toetsenbord: zet de focus op het diagram en zoek een onderdeel met Ctrl+F; Ctrl+Z maakt ongedaan.'}
      </p>
      {diagram.status === 'ready' && editor ? (
        <editor.ModelerCanvas
          key={diagram.xml}
          xml={diagram.xml}
          label={`Diagram van ${name} om te bewerken`}
          describedBy="modeler-uitleg"
          readOnly={simulating}
          onReady={onReady}
          onError={onCanvasError}
        />
      ) : diagram.status !== 'error' ? (
        <p class="diagram-message" role="status">
          Het diagram wordt geladen…
        </p>
      ) : (
        <div class="notice error" role="alert">
          <p>Het diagram kon niet worden geladen. {diagram.message}</p>
          <button
            type="button"
            class="secondary small"
            onClick={() => {
              loaded.current = undefined;
              load();
            }}
          >
            Opnieuw proberen
          </button>
        </div>
      )}
      <div class="modeler-below">
        <LintPanel issues={issues} onFocusElement={focusElement} />
        <DeployPanel
          processKey={processKey}
          state={deploy}
          blockedReason={
            !modeler
              ? 'Het diagram wordt nog geladen.'
              : simulating
                ? 'Zet proefdraaien uit om uit te rollen.'
                : undefined
          }
          lintErrors={counts.errors}
          describe={describe}
          onFocusElement={focusElement}
          onDeploy={(note) => void runDeploy(note)}
        />
      </div>
      {newForm ? (
        <NewFormDialog
          taskName={newForm.taskName}
          expressions={newForm.expressions}
          existingKeys={new Set((forms ?? []).map((form) => form.key))}
          onSaved={onNewFormSaved}
          onClose={() => {
            setNewForm(null);
            document.getElementById('eigenschappen-kop')?.focus();
          }}
        />
      ) : null}
    </section>
  );
}
