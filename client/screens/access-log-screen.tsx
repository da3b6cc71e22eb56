import { useEffect, useRef, useState } from 'preact/hooks';
import { useDirectory } from '../api/use-users';
import { navigate, paths } from '../app/router';
import { canReadAccessLog, useUser } from '../app/session';
import { useAccessLog } from '../components/admin/access-log-data';
import { entriesText } from '../components/admin/access-log-format';
import { AccessLogSearch } from '../components/admin/access-log-search';
import { AccessLogTable } from '../components/admin/access-log-table';
import { AccessLogVerify } from '../components/admin/access-log-verify';
import {
  type AccessLogView,
  exportUrl,
  isFiltered,
  readView,
  serverFilters,
  writeView,
} from '../components/admin/access-log-view';
import { AdminNav } from '../components/admin/admin-nav';
import { LoadFailed } from '../components/load-failed';
import { usePageTitle } from '../components/page-title';
import '../styles/access-log.css';

/**
 * The access log at `/beheer/toegangslog` (NEN 7513): who read or tried to read which case, when,
 * from which address and session. The privacy officer searches it by case, user and period, exports
 * the search as CSV and checks the hash chain. The beheerder may use it too; anyone else is told
 * they have no access (the server refuses them as well).
 */
export function AccessLogScreen({ query }: { query: URLSearchParams }) {
  const user = useUser();
  usePageTitle('Toegangslog');
  if (!canReadAccessLog(user)) {
    return (
      <section class="access-log" aria-labelledby="toegangslog-titel">
        <h1 id="toegangslog-titel">Toegangslog</h1>
        <p class="notice error">
          U hebt geen toegang tot het toegangslog. Alleen de privacyfunctionaris en de functioneel beheerder kunnen het
          inzien.
        </p>
      </section>
    );
  }
  return <AccessLogContent view={readView(query)} />;
}

function AccessLogContent({ view }: { view: AccessLogView }) {
  const directory = useDirectory();
  const filters = serverFilters(view);
  const log = useAccessLog(filters);
  const [announcement, setAnnouncement] = useState({ id: 0, text: '' });
  const announce = (text: string) => setAnnouncement((previous) => ({ id: previous.id + 1, text }));

  // After a search, say what was found: the table changes out of sight of a user in the form.
  const viewKey = writeView(view);
  const announcedFor = useRef<string | undefined>(viewKey);

  // The log keeps growing: searching again for the same thing reads it again (and says so).
  const search = (next: AccessLogView) => {
    if (writeView(next) !== viewKey) {
      navigate(paths.accessLog(writeView(next)), { replace: true });
      return;
    }
    announcedFor.current = undefined;
    log.reload();
  };

  useEffect(() => {
    if (log.items === null || announcedFor.current === viewKey) return;
    announcedFor.current = viewKey;
    announce(log.items.length === 0 ? 'Geen regels gevonden.' : `${foundText(log.items.length, log.hasMore)}.`);
  }, [viewKey, log.items === null]);

  // After "Meer laden", focus goes to the first entry added, so keyboard users read on from there.
  const [focusFrom, setFocusFrom] = useState<number | null>(null);
  useEffect(() => {
    if (focusFrom === null) return;
    document.querySelectorAll<HTMLElement>('.access-log-table tbody th')[focusFrom]?.focus();
    setFocusFrom(null);
  }, [focusFrom]);
  const more = async () => {
    const before = log.items?.length ?? 0;
    const added = await log.loadMore();
    if (added > 0) {
      announce(`${entriesText(added)} geladen.`);
      setFocusFrom(before);
    }
  };

  return (
    <section class="access-log" aria-labelledby="toegangslog-titel">
      <AdminNav current="toegangslog" />
      <h1 id="toegangslog-titel">Toegangslog</h1>
      <p class="access-log-intro">
        Wie casusgegevens heeft ingezien of dat tevergeefs probeerde: wanneer, welke gegevens, vanaf welk adres en in
        welke sessie (NEN 7513).
      </p>
      <AccessLogSearch view={view} directory={directory} onSearch={search} />
      <p role="status" class="access-log-status">
        {announcement.text ? <span key={announcement.id}>{announcement.text}</span> : null}
      </p>

      <div class="access-log-count">
        <h2 id="toegangslog-regels">Gevonden regels</h2>
        {log.items && log.items.length > 0 ? (
          <p class="muted">{foundText(log.items.length, log.hasMore)}, nieuwste eerst</p>
        ) : null}
        {filters ? (
          <a class="button secondary export" href={exportUrl(filters)} download>
            Exporteer CSV
          </a>
        ) : null}
      </div>

      {filters === undefined ? (
        <p class="access-log-empty">Verbeter de periode hierboven om te zoeken.</p>
      ) : log.loadError && log.refused ? (
        <p class="notice error" role="alert">
          {log.loadError}
        </p>
      ) : log.loadError ? (
        <LoadFailed message={`Het toegangslog kon niet worden geladen. ${log.loadError}`} onRetry={log.reload} />
      ) : log.items === null ? (
        <p class="access-log-empty" aria-busy="true">
          Het toegangslog wordt geladen…
        </p>
      ) : log.items.length === 0 ? (
        <p class="access-log-empty">
          {isFiltered(view)
            ? 'Geen regels gevonden voor deze zoekopdracht. Controleer het casusnummer, de gebruiker en de periode.'
            : 'Het toegangslog is nog leeg.'}
        </p>
      ) : (
        <>
          <AccessLogTable items={log.items} directory={directory} />
          {log.moreError ? (
            <LoadFailed
              message={`Meer regels laden lukte niet. ${log.moreError}`}
              onRetry={() => void more()}
              compact
            />
          ) : null}
          {log.hasMore && !log.moreError ? (
            <p class="load-more">
              <button type="button" class="secondary" onClick={() => void more()} disabled={log.loadingMore}>
                {log.loadingMore ? 'Bezig met laden…' : 'Meer laden'}
              </button>
            </p>
          ) : null}
        </>
      )}

      <AccessLogVerify />
    </section>
  );
}

function foundText(count: number, more: boolean): string {
  return more ? `${entriesText(count)} getoond, er zijn er meer` : entriesText(count);
}
