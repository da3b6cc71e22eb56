import type { InstanceDetail, Task } from '../../../server/contract/api';
import { Link, paths } from '../../app/router';
import { PROCESS_NAMES, teamName } from '../../app/session';
import { formatDate } from '../due-date';
import type { DiagramElements } from './diagram-elements';
import { ageOn, todayInAmsterdam } from './format';
import { humaniseElementId, STATE_NAMES } from './labels';
import type { CaseData } from './use-case-data';

export function processName(definitionKey: string): string {
  return PROCESS_NAMES[definitionKey] ?? definitionKey;
}

/** The instance that holds the youth's data: the root toeleiding, else any root. */
export function rootInstance(instances: readonly InstanceDetail[]): InstanceDetail | undefined {
  return (
    instances.find((instance) => !instance.parentId && instance.definitionKey === 'toeleiding') ??
    instances.find((instance) => !instance.parentId)
  );
}

export function openTasksOf(data: CaseData): Task[] {
  return data.instances
    .flatMap((instance) => instance.openTasks)
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt));
}

function youth(instance: InstanceDetail | undefined): { initialen?: string; geboortedatum?: string } {
  const value = instance?.variables.jeugdige;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return {};
  return {
    ...(typeof value.initialen === 'string' ? { initialen: value.initialen } : {}),
    ...(typeof value.geboortedatum === 'string' ? { geboortedatum: value.geboortedatum } : {}),
  };
}

export function youthInitials(data: CaseData): string | undefined {
  return youth(rootInstance(data.instances)).initialen;
}

/**
 * What waits in an active instance besides its tasks: a timer or a message (e.g. "Evaluatiedatum
 * bereikt"). Call activities are left out (their own instance shows what waits there), and so are
 * boundary timers (they belong to a task that is already listed).
 */
function waitingElements(instance: InstanceDetail, elements: DiagramElements | undefined): string[] {
  const taskElements = new Set(instance.openTasks.map((task) => task.elementId));
  return instance.activeElementIds
    .filter((id) => !taskElements.has(id))
    .filter((id) => {
      const type = elements?.get(id)?.type;
      if (type) return type !== 'callActivity' && type !== 'boundaryEvent' && type !== 'subProcess';
      return !/^(Call|Timer)_/.test(id);
    })
    .map((id) => elements?.get(id)?.name ?? humaniseElementId(id));
}

export function CaseSummary({ data, elements }: { data: CaseData; elements: ReadonlyMap<string, DiagramElements> }) {
  const { initialen, geboortedatum } = youth(rootInstance(data.instances));
  const age = geboortedatum ? ageOn(geboortedatum, todayInAmsterdam()) : undefined;
  const tasks = openTasksOf(data);
  const waiting = data.instances
    .filter((instance) => instance.state === 'active' && instance.openTasks.length === 0)
    .flatMap((instance) => waitingElements(instance, elements.get(instance.id)).map((name) => ({ name, instance })));
  const allDone = data.instances.length > 0 && data.instances.every((instance) => instance.state !== 'active');

  return (
    <section class="case-summary" aria-labelledby="samenvatting-kop">
      <h2 id="samenvatting-kop">Samenvatting</h2>
      <div class="summary-grid">
        <dl class="facts">
          <div>
            <dt>Casusnummer</dt>
            <dd>{data.view.caseId}</dd>
          </div>
          <div>
            <dt>Jeugdige</dt>
            <dd>{initialen ?? <span class="muted">geen initialen vastgelegd</span>}</dd>
          </div>
          <div>
            <dt>Leeftijd</dt>
            <dd>
              {age !== undefined && geboortedatum ? (
                <>
                  {age} jaar <span class="muted">(geboren {formatDate(`${geboortedatum}T12:00:00Z`)})</span>
                </>
              ) : (
                <span class="muted">onbekend</span>
              )}
            </dd>
          </div>
          <div>
            <dt>Team</dt>
            <dd>{teamName(data.view.team)}</dd>
          </div>
          <div class="wide">
            <dt>Huidige stap</dt>
            <dd>
              {tasks.length === 0 && waiting.length === 0 ? (
                <span class="muted">{allDone ? 'Alle processen zijn afgerond.' : 'Geen open taken.'}</span>
              ) : (
                <ul class="current-steps">
                  {tasks.map((task) => (
                    <li key={task.id}>
                      <strong>{task.name}</strong> <span class="muted">in {processName(task.definitionKey)}</span>
                    </li>
                  ))}
                  {waiting.map(({ name, instance }) => (
                    <li key={`${instance.id}:${name}`}>
                      Wacht op: <strong>{name}</strong>{' '}
                      <span class="muted">in {processName(instance.definitionKey)}</span>
                    </li>
                  ))}
                </ul>
              )}
            </dd>
          </div>
        </dl>
        <div class="instances">
          <h3 id="processen-kop">Processen in deze casus</h3>
          <InstanceTree instances={data.instances} parentId={undefined} labelledBy="processen-kop" />
        </div>
      </div>
    </section>
  );
}

/** The tree of instances as nested lists: a called process sits under the process that called it. */
function InstanceTree({
  instances,
  parentId,
  labelledBy,
}: {
  instances: readonly InstanceDetail[];
  parentId: string | undefined;
  labelledBy?: string;
}) {
  const known = new Set(instances.map((instance) => instance.id));
  // An instance whose parent is not in the list is shown at the top, so nothing goes missing.
  const level = instances.filter((instance) =>
    parentId === undefined ? !instance.parentId || !known.has(instance.parentId) : instance.parentId === parentId,
  );
  if (level.length === 0) return null;
  return (
    <ul class="instance-tree" aria-labelledby={labelledBy}>
      {level.map((instance) => (
        <li key={instance.id}>
          <div class="instance-line">
            <Link href={paths.instance(instance.id)}>{processName(instance.definitionKey)} op het diagram</Link>
            <span class={`state state-${instance.state}`}>{STATE_NAMES[instance.state]}</span>
            <span class="muted">
              versie {instance.version} · gestart {formatDate(instance.startedAt)}
              {instance.endedAt ? ` · beëindigd ${formatDate(instance.endedAt)}` : ''}
            </span>
          </div>
          <InstanceTree instances={instances} parentId={instance.id} />
        </li>
      ))}
    </ul>
  );
}
