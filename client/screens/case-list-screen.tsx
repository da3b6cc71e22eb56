import { useEffect, useRef, useState } from 'preact/hooks';
import { navigate, paths } from '../app/router';
import { useUser } from '../app/session';
import { CaseFilters, CaseSearch } from '../components/case-list/case-filters';
import { CaseTable } from '../components/case-list/case-table';
import { countText } from '../components/case-list/format';
import { useCaseList } from '../components/case-list/use-case-list';
import { type CaseListView, isFiltered, readView, writeView } from '../components/case-list/view';
import { LoadFailed } from '../components/load-failed';
import { usePageTitle } from '../components/page-title';
import { RefreshFailed, RefreshStatus } from '../components/refresh-status';
import '../styles/case-list.css';

/**
 * The case list at `/casussen`: every case the user may see, newest first (the server's order; it
 * offers no other, and sorting one page in the browser would mislead), searched and filtered as
 * the URL says, paged with the server's cursor and kept current live.
 */
export function CaseListScreen({ query }: { query: URLSearchParams }) {
  const user = useUser();
  const view = readView(query);
  usePageTitle(view.search ? `Casussen: ${view.search}` : 'Casussen');
  const list = useCaseList(view);
  const [announcement, setAnnouncement] = useState({ id: 0, text: '' });
  const announce = (text: string) => setAnnouncement((previous) => ({ id: previous.id + 1, text }));

  const change = (next: CaseListView) => navigate(paths.cases(writeView(next)), { replace: true });

  // After a search or filter, say how many cases were found: the table changes out of sight of a
  // screen reader user who is in the search box or on a filter.
  const viewKey = writeView(view);
  const announcedFor = useRef(viewKey);
  useEffect(() => {
    if (list.items === null || announcedFor.current === viewKey) return;
    announcedFor.current = viewKey;
    announce(list.items.length === 0 ? 'Geen casussen gevonden.' : `${foundText(list.items.length, list.hasMore)}.`);
  }, [viewKey, list.items === null]);

  // After "Meer laden", focus goes to the first case that was added, so keyboard users read on.
  const [focusFrom, setFocusFrom] = useState<number | null>(null);
  useEffect(() => {
    if (focusFrom === null) return;
    const rows = document.querySelectorAll<HTMLElement>('.case-table tbody tr .case-link');
    rows[focusFrom]?.focus();
    setFocusFrom(null);
  }, [focusFrom]);
  const more = async () => {
    const before = list.items?.length ?? 0;
    const added = await list.loadMore();
    if (added > 0) {
      announce(`${countText(added)} geladen.`);
      setFocusFrom(before);
    }
  };

  const teams = unique([
    ...user.teams.filter((team) => team !== 'regional'),
    ...(list.items ?? []).map((item) => item.team),
    view.team,
  ]).sort((a, b) => a.localeCompare(b, 'nl'));
  const filtered = isFiltered(view) || view.search !== '';

  return (
    <section class="case-list" aria-labelledby="casussen-titel">
      <div class="case-list-heading">
        <h1 id="casussen-titel">Casussen</h1>
        <RefreshStatus class="case-list-refreshed" refreshedAt={list.refreshedAt} />
      </div>
      <CaseSearch view={view} onChange={change} />
      <CaseFilters view={view} teams={teams} showMine={user.roles.includes('procesregisseur')} onChange={change} />
      <p role="status" class="case-list-status">
        {announcement.text ? <span key={announcement.id}>{announcement.text}</span> : null}
      </p>
      <RefreshFailed error={list.refreshError || undefined} stale="De lijst hieronder kan verouderd zijn." />

      <div class="case-list-count">
        <h2 id="casussen-lijst">{view.search ? `Zoekresultaten voor “${view.search}”` : 'Lijst'}</h2>
        {list.items && list.items.length > 0 ? (
          <p class="muted">{foundText(list.items.length, list.hasMore)}, nieuwste eerst</p>
        ) : null}
      </div>

      {list.loadError && list.refused ? (
        <p class="notice error" role="alert">
          {list.loadError}
        </p>
      ) : list.loadError ? (
        <LoadFailed message={`De casussen konden niet worden geladen. ${list.loadError}`} onRetry={list.reload} />
      ) : list.items === null ? (
        <p class="case-list-empty" aria-busy="true">
          Casussen worden geladen…
        </p>
      ) : list.items.length === 0 ? (
        <div class="case-list-empty">
          {filtered ? (
            <p>Geen casussen gevonden. Controleer de zoekterm, of wis de filters.</p>
          ) : (
            <p>Er zijn geen open casussen die u mag zien.</p>
          )}
        </div>
      ) : (
        <>
          <CaseTable items={list.items} caption="Casussen, nieuwste eerst" />
          {list.moreError ? (
            <LoadFailed
              message={`Meer casussen laden lukte niet. ${list.moreError}`}
              onRetry={() => void more()}
              compact
            />
          ) : null}
          {list.hasMore && !list.moreError ? (
            <p class="load-more">
              <button type="button" class="secondary" onClick={() => void more()} disabled={list.loadingMore}>
                {list.loadingMore ? 'Bezig met laden…' : 'Meer laden'}
              </button>
            </p>
          ) : null}
        </>
      )}
    </section>
  );
}

function foundText(count: number, more: boolean): string {
  return more ? `${countText(count)} getoond, er zijn er meer` : `${countText(count)}`;
}

function unique(values: string[]): string[] {
  return [...new Set(values.filter((value) => value !== ''))];
}
