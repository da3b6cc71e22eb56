import type { JsonValue, TaskDetail } from '../../../server/contract/api';
import { ageOn } from '../../../server/decisions/mdo-rules';
import { Link, paths } from '../../app/router';
import { PROCESS_NAMES, ROLE_NAMES, teamName } from '../../app/session';
import { DueDate } from '../due-date';

/** What the task is about, before the form: the case, the youth, who and when. */
export function TaskSummary({ task, holder, now }: { task: TaskDetail; holder: string; now: number }) {
  const jeugdige = asObject(task.variables.jeugdige);
  const initials = typeof jeugdige?.initialen === 'string' ? jeugdige.initialen : undefined;
  const birthDate = typeof jeugdige?.geboortedatum === 'string' ? jeugdige.geboortedatum : undefined;
  const age = ageOn(birthDate, amsterdamDay(now));
  const youth = initials ? (age !== undefined ? `${initials}, ${age} jaar` : initials) : 'niet bekend';
  return (
    <section class="task-summary" aria-labelledby="task-summary-title">
      <h2 id="task-summary-title" class="visually-hidden">
        Over deze taak
      </h2>
      <dl>
        <div>
          <dt>Casus</dt>
          <dd>
            <Link href={paths.case(task.caseId)}>{task.caseId}</Link>
          </dd>
        </div>
        <div>
          <dt>Jeugdige</dt>
          <dd>{youth}</dd>
        </div>
        <div>
          <dt>Team</dt>
          <dd>{teamName(task.team)}</dd>
        </div>
        <div>
          <dt>Proces</dt>
          <dd>{PROCESS_NAMES[task.definitionKey] ?? task.definitionKey}</dd>
        </div>
        <div>
          <dt>Taak</dt>
          <dd>{task.name}</dd>
        </div>
        <div>
          <dt>Groep</dt>
          <dd>{task.candidateGroups.map((group) => ROLE_NAMES[group] ?? group).join(', ')}</dd>
        </div>
        <div>
          <dt>In behandeling bij</dt>
          <dd>{holder}</dd>
        </div>
        <div>
          <dt>Termijn</dt>
          <dd>
            <DueDate dueAt={task.dueAt} now={now} />
          </dd>
        </div>
      </dl>
    </section>
  );
}

/** Today in the Netherlands as YYYY-MM-DD: an age changes on the Dutch calendar day. */
function amsterdamDay(now: number): string {
  return new Date(now).toLocaleDateString('sv-SE', { timeZone: 'Europe/Amsterdam' });
}

function asObject(value: JsonValue | undefined): Record<string, JsonValue> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? value : undefined;
}
