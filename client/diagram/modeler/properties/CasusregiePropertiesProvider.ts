import { formKeyEntries } from './FormKeyEntries';

/** A group as the properties panel's providers hand it on; only what the filter reads. */
interface Group {
  id: string;
  /** List groups (listeners, connectors) hold items instead of entries. */
  items?: unknown[];
  entries?: unknown[];
  [property: string]: unknown;
}

type Translate = (template: string, replacements?: Record<string, string>) => string;

type GroupsUpdater = (groups: Group[]) => Group[];

interface PropertiesPanel {
  registerProvider(priority: number, provider: { getGroups(element: unknown): GroupsUpdater }): void;
}

/**
 * Camunda 7 settings that Casusregie's engine does not have (job executor, task list, history
 * clean-up): hidden, because a process owner would set them and nothing would happen.
 */
const WITHOUT_EFFECT = new Set([
  'CamundaPlatform__AsynchronousContinuations',
  'CamundaPlatform__JobExecution',
  'CamundaPlatform__HistoryCleanup',
  'CamundaPlatform__Tasklist',
  'CamundaPlatform__CandidateStarter',
  'CamundaPlatform__ExternalTask',
  'CamundaPlatform__FormData',
]);

/**
 * Code hooks the deploy refuses (casusregie/no-code): shown only while the element has one, so the
 * process owner can remove it, never offered for adding.
 */
const CODE_LISTS = new Set([
  'CamundaPlatform__ExecutionListener',
  'CamundaPlatform__TaskListener',
  'CamundaPlatform__FieldInjection',
  'CamundaPlatform__ConnectorInput',
  'CamundaPlatform__ConnectorOutput',
]);

/**
 * The form of a user task or start event: Camunda offers form types the engine does not run and a
 * free-text key; Casusregie offers the forms that exist, and "Nieuw formulier".
 */
const FORM_GROUP = 'CamundaPlatform__Form';

/** After the Camunda provider (priority 500), so it sees the groups that provider added. */
const PRIORITY = 100;

/**
 * Trims the Camunda properties panel to what Casusregie runs, and hands every group the modeler's
 * `translate`: the panel's group headers ("Toggle section", ...) otherwise stay English.
 */
export default class CasusregiePropertiesProvider {
  static $inject = ['propertiesPanel', 'translate'];

  constructor(
    propertiesPanel: PropertiesPanel,
    private readonly translate: Translate,
  ) {
    propertiesPanel.registerProvider(PRIORITY, this);
  }

  getGroups(element: unknown): GroupsUpdater {
    return (groups) =>
      groups
        .filter(
          (group) => !WITHOUT_EFFECT.has(group.id) && !(CODE_LISTS.has(group.id) && (group.items?.length ?? 0) === 0),
        )
        .map((group) =>
          group.id === FORM_GROUP
            ? { ...group, entries: formKeyEntries(element), translate: this.translate }
            : { ...group, translate: this.translate },
        );
  }
}
