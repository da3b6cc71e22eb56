import type { User } from '../../../server/contract/api';
import { Link, paths } from '../../app/router';
import { listsFor, type WorklistView, writeView } from './view';

/**
 * The lists are links, not ARIA tabs: each is an address of its own (bookmark, new tab, back
 * button), and aria-current tells which one is shown. Filters and sort order carry over.
 */
export function WorklistTabs({ view, user }: { view: WorklistView; user: User }) {
  return (
    <nav class="worklist-tabs" aria-label="Werklijsten">
      <ul>
        {listsFor(user).map((list) => {
          const current = list.name === view.list;
          return (
            <li key={list.name}>
              <Link
                href={paths.worklist(writeView({ ...view, list: list.name }))}
                aria-current={current ? 'page' : undefined}
              >
                {list.label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
