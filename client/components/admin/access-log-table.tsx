import type { AccessLogItem } from '../../../server/contract/admin';
import type { User } from '../../../server/contract/api';
import { actionText, formatMoment, resourceText } from './access-log-format';

/**
 * The entries found, one row each. Seven columns do not fit a phone: the table scrolls sideways in
 * its own labelled region (reachable and scrollable by keyboard), so the page itself never does.
 * No link to the case: the privacy officer may not see cases, only who saw them.
 */
export function AccessLogTable(props: { items: readonly AccessLogItem[]; directory: ReadonlyMap<string, User> }) {
  const { items, directory } = props;
  return (
    <>
      <p id="toegangslog-schuif" class="access-log-scroll-hint muted">
        Schuif de tabel opzij voor de overige kolommen.
      </p>
      <div
        class="access-log-scroll"
        role="region"
        aria-labelledby="toegangslog-tabel"
        aria-describedby="toegangslog-schuif"
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a region that scrolls must be reachable and scrollable by keyboard (WCAG 2.1.1)
        tabIndex={0}
      >
        <table class="access-log-table">
          <caption id="toegangslog-tabel" class="visually-hidden">
            Gevonden regels van het toegangslog
          </caption>
          <thead>
            <tr>
              <th scope="col">Moment</th>
              <th scope="col">Gebruiker</th>
              <th scope="col">Handeling</th>
              <th scope="col">Casus</th>
              <th scope="col">Wat</th>
              <th scope="col">Adres</th>
              <th scope="col">Sessie</th>
            </tr>
          </thead>
          <tbody>
            {items.map((item) => (
              <AccessLogRow key={item.seq} item={item} user={directory.get(item.userId)} />
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

function AccessLogRow({ item, user }: { item: AccessLogItem; user: User | undefined }) {
  const what = resourceText(item.resource);
  return (
    <tr data-seq={item.seq}>
      <th scope="row" data-label="Moment" tabIndex={-1}>
        <time dateTime={item.at}>{formatMoment(item.at)}</time>
      </th>
      <td data-label="Gebruiker">
        {user ? (
          <>
            <span class="user-name">{user.name}</span> <span class="muted user-id">{item.userId}</span>
          </>
        ) : (
          <span class="user-id">{item.userId}</span>
        )}
      </td>
      <td data-label="Handeling">
        {item.action === 'refused' ? (
          <strong class="refused">
            <span aria-hidden="true">⚠ </span>
            {actionText(item.action)}
          </strong>
        ) : (
          actionText(item.action)
        )}
      </td>
      <td data-label="Casus">{item.caseId ?? <span class="muted">geen</span>}</td>
      <td data-label="Wat">
        {what}
        {what !== item.resource ? <span class="muted resource">{item.resource}</span> : null}
      </td>
      <td data-label="Adres">{item.address ?? <span class="muted">onbekend</span>}</td>
      <td data-label="Sessie">{item.session ?? <span class="muted">onbekend</span>}</td>
    </tr>
  );
}
