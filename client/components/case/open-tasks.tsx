import type { Task } from '../../../server/contract/api';
import { Link, paths } from '../../app/router';
import { ROLE_NAMES } from '../../app/session';
import { DueDate } from '../due-date';
import { processName } from './case-summary';

/** The case's open tasks: what waits, for whom, held by whom, until when. */
export function OpenTasks({ tasks, names }: { tasks: readonly Task[]; names: ReadonlyMap<string, string> }) {
  return (
    <section aria-labelledby="taken-kop">
      <h2 id="taken-kop">Open taken</h2>
      {tasks.length === 0 ? (
        <p class="muted">Er staan geen open taken voor deze casus.</p>
      ) : (
        <div class="table-scroll">
          <table class="case-tasks" aria-labelledby="taken-kop">
            <thead>
              <tr>
                <th scope="col">Taak</th>
                <th scope="col">Proces</th>
                <th scope="col">Kandidaatgroep</th>
                <th scope="col">Behandelaar</th>
                <th scope="col">Termijn</th>
              </tr>
            </thead>
            <tbody>
              {tasks.map((task) => (
                <tr key={task.id}>
                  <td>
                    <Link href={paths.task(task.id)}>{task.name}</Link>
                  </td>
                  <td>{processName(task.definitionKey)}</td>
                  <td>{task.candidateGroups.map((group) => ROLE_NAMES[group] ?? group).join(', ')}</td>
                  <td>
                    {task.assignee ? (names.get(task.assignee) ?? task.assignee) : <span class="unassigned">open</span>}
                  </td>
                  <td>
                    <DueDate dueAt={task.dueAt} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
