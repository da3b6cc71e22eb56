import type {
  InstanceState,
  MigrationCheck,
  MigrationDryRunRequest,
  MigrationReason,
  ProblemItem,
} from '../contract/api';
import type { ElementModel, ProcessModel } from '../definitions/process-model';
import { InvalidInputError, RuleViolationError } from '../domain/errors';

/**
 * The rules for moving a running instance to another version of its process, without side
 * effects: the dry run answers with them, and the migration itself checks them again under the
 * case's lock before it touches anything. What the engine does with the state is in
 * engine/snapshot-retarget.ts and CaseTransaction.migrate.
 */

/** A validated request: the mapping as a map of real renames (an element mapped to itself is no rename). */
export interface MigrationPlan {
  definitionKey: string;
  fromVersion: number;
  toVersion: number;
  instanceIds?: string[];
  mapping: ReadonlyMap<string, string>;
  from: ProcessModel;
  to: ProcessModel;
}

/** What the rules need to know about an instance: where it stands, on which version. */
export interface InstanceStanding {
  id: string;
  caseId: string;
  definitionKey: string;
  version: number;
  state: InstanceState;
  activeElementIds: string[];
}

/**
 * The one rule of a migration request its schema cannot say: it goes to a newer version. The
 * shape (whole versions, 1 to 500 instance ids, a mapping of element ids) is the contract's,
 * checked at the HTTP edge before the request gets here.
 */
export function checkVersionOrder(request: MigrationDryRunRequest): void {
  if (request.toVersion <= request.fromVersion) {
    throw new InvalidInputError('De migratieaanvraag is niet compleet of niet geldig.', [
      {
        path: 'toVersion',
        code: 'not-newer',
        message: 'Een migratie gaat naar een nieuwere versie: toVersion moet groter zijn dan fromVersion.',
      },
    ]);
  }
}

/**
 * Checks the mapping against both versions: it renames elements of the old version (not its
 * sequence flows: a token on a flow moves on before anyone could migrate it) to elements of the
 * new one, and never two onto one. 422 naming each element.
 */
export function planMigration(
  definitionKey: string,
  request: MigrationDryRunRequest,
  from: ProcessModel,
  to: ProcessModel,
): MigrationPlan {
  const problems: ProblemItem[] = [];
  const mapping = new Map<string, string>();
  const targets = new Map<string, string>();
  for (const [oldId, newId] of Object.entries(request.mapping ?? {})) {
    const source = from.elements.get(oldId);
    const target = to.elements.get(newId);
    if (!source || source.type === 'bpmn:SequenceFlow') {
      problems.push({
        elementId: oldId,
        code: 'mapping-source-unknown',
        message: `Versie ${request.fromVersion} heeft geen stap "${oldId}" om te koppelen.`,
      });
      continue;
    }
    if (!target || target.type === 'bpmn:SequenceFlow') {
      problems.push({
        elementId: newId,
        code: 'mapping-target-unknown',
        message: `Versie ${request.toVersion} heeft geen stap "${newId}" om "${oldId}" aan te koppelen.`,
      });
      continue;
    }
    const earlier = targets.get(newId);
    if (earlier !== undefined) {
      problems.push({
        elementId: newId,
        code: 'mapping-target-twice',
        message: `"${earlier}" en "${oldId}" zijn allebei aan "${newId}" gekoppeld; koppel elke stap aan een eigen stap.`,
      });
      continue;
    }
    targets.set(newId, oldId);
    if (oldId !== newId) mapping.set(oldId, newId);
  }
  // An element of the old version keeps its id unless it is mapped; mapping another element onto
  // that id would put two states on one element.
  for (const [oldId, newId] of mapping) {
    if (from.elements.has(newId) && !mapping.has(newId)) {
      problems.push({
        elementId: newId,
        code: 'mapping-target-taken',
        message: `"${oldId}" is gekoppeld aan "${newId}", maar "${newId}" bestaat ook in versie ${request.fromVersion} en houdt zijn eigen plaats; koppel ook "${newId}" of kies een andere stap.`,
      });
    }
  }
  if (problems.length > 0) {
    throw new RuleViolationError('mapping', 'De koppeling van oude naar nieuwe stappen klopt niet.', problems);
  }
  return {
    definitionKey,
    fromVersion: request.fromVersion,
    toVersion: request.toVersion,
    ...(request.instanceIds ? { instanceIds: [...new Set(request.instanceIds)] } : {}),
    mapping,
    from,
    to,
  };
}

/** The new id of an old element: its mapping, or the same id. */
export function mapped(plan: Pick<MigrationPlan, 'mapping'>, elementId: string): string {
  return plan.mapping.get(elementId) ?? elementId;
}

/**
 * Whether an instance can move, and why not. It must be active, of this process, on the plan's
 * old version; and every element it waits at (armed boundary events included) must be in the new
 * version as the same kind of element, in the same place.
 */
export function checkInstance(
  plan: MigrationPlan,
  instanceId: string,
  instance: InstanceStanding | undefined,
): MigrationCheck {
  if (!instance || instance.definitionKey !== plan.definitionKey) {
    return {
      instanceId,
      canMigrate: false,
      reasons: [
        {
          code: 'instance-unknown',
          message: `Procesinstantie "${instanceId}" bestaat niet of hoort niet bij proces "${plan.definitionKey}".`,
        },
      ],
      waitingAt: [],
      warnings: [],
    };
  }
  const reasons: MigrationReason[] = [];
  const warnings: MigrationReason[] = [];
  const waitingAt = [...instance.activeElementIds];
  if (instance.state !== 'active') {
    reasons.push({
      code: 'not-active',
      message: `De instantie is niet meer actief (${STATE_NAMES[instance.state]}); alleen lopende instanties worden gemigreerd.`,
    });
  } else if (instance.version !== plan.fromVersion) {
    reasons.push({
      code: 'version-mismatch',
      message: `De instantie loopt op versie ${instance.version}, niet op versie ${plan.fromVersion}.`,
    });
  } else {
    for (const elementId of waitingAt) reasons.push(...elementReasons(plan, elementId));
    if (reasons.length === 0) warnings.push(...unarmedBoundaryEvents(plan, waitingAt));
  }
  return { instanceId, caseId: instance.caseId, canMigrate: reasons.length === 0, reasons, waitingAt, warnings };
}

const STATE_NAMES: Record<InstanceState, string> = {
  active: 'actief',
  completed: 'afgerond',
  cancelled: 'geannuleerd',
  failed: 'mislukt',
};

const CONTAINERS = new Set(['bpmn:SubProcess', 'bpmn:Transaction', 'bpmn:AdHocSubProcess']);
const JOINS = new Set(['bpmn:ParallelGateway', 'bpmn:InclusiveGateway', 'bpmn:ComplexGateway']);

function elementReasons(plan: MigrationPlan, elementId: string): MigrationReason[] {
  const old = plan.from.elements.get(elementId);
  const targetId = mapped(plan, elementId);
  const target = plan.to.elements.get(targetId);
  const label = old ? `"${old.name}" (${elementId})` : `"${elementId}"`;
  if (!old) {
    return [
      {
        elementId,
        code: 'element-unknown',
        message: `De instantie staat bij ${label}, dat versie ${plan.fromVersion} niet kent.`,
      },
    ];
  }
  // The sub-process's inner state would be recovered element by element without a check of ours.
  if (CONTAINERS.has(old.type) || old.parentId !== undefined) {
    return [
      {
        elementId,
        code: 'inside-subprocess',
        message: `De instantie staat in een subproces (${label}); zo'n instantie wordt niet gemigreerd.`,
      },
    ];
  }
  if (!target) {
    return [
      {
        elementId,
        code: 'element-removed',
        message: `De instantie staat bij ${label}, maar versie ${plan.toVersion} heeft ${targetId === elementId ? 'die stap niet meer' : `geen stap "${targetId}"`}. Koppel de stap aan een stap van de nieuwe versie of laat de instantie op haar versie.`,
      },
    ];
  }
  if (kind(old) !== kind(target)) {
    return [
      {
        elementId,
        code: 'element-type-changed',
        message: `De instantie staat bij ${label}; in versie ${plan.toVersion} is "${targetId}" een ander soort element (${describe(target)} in plaats van ${describe(old)}).`,
      },
    ];
  }
  if (target.parentId !== undefined) {
    return [
      {
        elementId,
        code: 'inside-subprocess',
        message: `In versie ${plan.toVersion} ligt "${targetId}" in een subproces; daarheen wordt niet gemigreerd.`,
      },
    ];
  }
  const reasons: MigrationReason[] = [];
  if (old.attachedTo !== undefined && mapped(plan, old.attachedTo) !== target.attachedTo) {
    reasons.push({
      elementId,
      code: 'boundary-moved',
      message: `De grensgebeurtenis ${label} hangt in versie ${plan.toVersion} aan een andere activiteit ("${target.attachedTo ?? '-'}" in plaats van "${mapped(plan, old.attachedTo)}").`,
    });
  }
  if (old.type === 'bpmn:CallActivity' && old.calledElement !== target.calledElement) {
    reasons.push({
      elementId,
      code: 'called-element-changed',
      message: `De instantie wacht bij ${label} op proces "${old.calledElement ?? '-'}"; in versie ${plan.toVersion} roept die stap "${target.calledElement ?? '-'}" aan.`,
    });
  }
  // A waiting join has counted the flows that arrived; with other incoming flows it would wait forever.
  if (JOINS.has(old.type) && !sameSet(old.incoming, target.incoming)) {
    reasons.push({
      elementId,
      code: 'join-changed',
      message: `De instantie wacht bij samenvoeging ${label} op inkomende stromen die in versie ${plan.toVersion} anders zijn.`,
    });
  }
  return reasons;
}

/**
 * Boundary events are armed when their activity is entered. One the new version adds to an
 * activity the instance already waits at stays unarmed until the activity is entered again.
 */
function unarmedBoundaryEvents(plan: MigrationPlan, waitingAt: string[]): MigrationReason[] {
  const armed = new Set(waitingAt.map((elementId) => mapped(plan, elementId)));
  const warnings: MigrationReason[] = [];
  for (const activityId of armed) {
    for (const element of plan.to.elements.values()) {
      if (element.attachedTo !== activityId || armed.has(element.id)) continue;
      warnings.push({
        elementId: element.id,
        code: 'boundary-not-armed',
        message: `De grensgebeurtenis "${element.name}" (${element.id}) is nieuw aan een stap waar de instantie al wacht; die gaat pas mee bij een volgende keer dat de stap begint.`,
      });
    }
  }
  return warnings;
}

/** The kind of an element: its type and event definitions (a timer is no message event). */
function kind(element: ElementModel): string {
  return [element.type, ...[...element.eventDefinitions].sort()].join('+');
}

function describe(element: ElementModel): string {
  return kind(element).replaceAll('bpmn:', '');
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  const left = new Set(a);
  const right = new Set(b);
  return left.size === right.size && [...left].every((value) => right.has(value));
}
