import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import type { CaseList, CaseSummary } from '../../../server/contract/api';
import { ApiError, api, messageOf } from '../../api/http';
import { useLiveConnect, useLiveEvent } from '../../api/live';
import { type CaseListView, casesUrl, PAGE_SIZE, writeView } from './view';

/** The server's largest page (CASE_LIST_MAX_LIMIT); a refresh of many loaded cases reads several. */
const MAX_LIMIT = 200;

export interface CaseListState {
  /** The cases loaded so far, newest first; null while the first page loads. */
  items: CaseSummary[] | null;
  /** Whether the server has more cases after these. */
  hasMore: boolean;
  loadError: string;
  /** The server refused the search or a filter (400): the user changes it, trying again will not help. */
  refused: boolean;
  loadingMore: boolean;
  moreError: string;
  refreshedAt: Date | undefined;
  refreshError: string;
  reload(): void;
  /** Loads the next page; resolves with how many cases it added. */
  loadMore(): Promise<number>;
}

/**
 * The cases of one view, page by page with the server's cursor, kept current by live events: a
 * task created, moved or finished may change a case's steps, overdue mark or place in the list, so
 * the pages already on screen are read again in place (rows keep their keys, so the scroll position
 * and focus stay where they were). Events that arrive while a read runs fold into one more read.
 */
export function useCaseList(view: CaseListView): CaseListState {
  const key = writeView(view);
  // The cases shown, with the view they belong to: right after the view changes, the old view's
  // cases are not the new view's (and must not be announced as its result).
  const [shown, setShown] = useState<{ key: string; items: CaseSummary[] | null; nextCursor?: string }>({
    key,
    items: null,
  });
  const items = shown.key === key ? shown.items : null;
  const nextCursor = shown.key === key ? shown.nextCursor : undefined;
  const [loadError, setLoadError] = useState('');
  const [refused, setRefused] = useState(false);
  const [loadingMore, setLoadingMore] = useState(false);
  const [moreError, setMoreError] = useState('');
  const [refreshedAt, setRefreshedAt] = useState<Date | undefined>(undefined);
  const [refreshError, setRefreshError] = useState('');

  // Reads for an older view must not land on a newer one.
  const generation = useRef(0);
  const itemsRef = useRef<CaseSummary[] | null>(null);
  const viewRef = useRef(view);
  viewRef.current = view;
  const keyRef = useRef(key);
  keyRef.current = key;
  const nextCursorRef = useRef(nextCursor);
  nextCursorRef.current = nextCursor;
  const busy = useRef(false);
  const again = useRef(false);

  const show = (next: CaseSummary[] | null, cursor: string | undefined) => {
    itemsRef.current = next;
    setShown({ key: keyRef.current, items: next, ...(cursor ? { nextCursor: cursor } : {}) });
  };

  const loadFirst = useCallback(async () => {
    const ticket = ++generation.current;
    show(null, undefined);
    setLoadError('');
    setRefused(false);
    setMoreError('');
    setRefreshError('');
    setRefreshedAt(undefined);
    try {
      const page = await api.get<CaseList>(casesUrl(viewRef.current));
      if (ticket !== generation.current) return;
      show(page.items, page.nextCursor);
    } catch (error) {
      if (ticket !== generation.current || isLoggedOut(error)) return;
      setLoadError(messageOf(error));
      setRefused(error instanceof ApiError && error.status === 400);
    }
  }, [key]);

  useEffect(() => {
    void loadFirst();
  }, [loadFirst]);

  const loadMore = useCallback(async (): Promise<number> => {
    const cursor = nextCursor;
    const current = itemsRef.current;
    if (!cursor || !current || loadingMore) return 0;
    const ticket = generation.current;
    setLoadingMore(true);
    setMoreError('');
    try {
      const page = await api.get<CaseList>(casesUrl(viewRef.current, { cursor }));
      if (ticket !== generation.current) return 0;
      // A case that moved up meanwhile may come again; it stays where it already is.
      const known = new Set(current.map((item) => item.caseId));
      const added = page.items.filter((item) => !known.has(item.caseId));
      show([...(itemsRef.current ?? current), ...added], page.nextCursor);
      return added.length;
    } catch (error) {
      if (ticket === generation.current && !isLoggedOut(error)) setMoreError(messageOf(error));
      return 0;
    } finally {
      if (ticket === generation.current) setLoadingMore(false);
    }
  }, [nextCursor, loadingMore, key]);

  /** Reads again as many cases as are on screen, so nothing the user scrolled to disappears. */
  const refresh = useCallback(async () => {
    if (busy.current) {
      again.current = true;
      return;
    }
    busy.current = true;
    try {
      do {
        again.current = false;
        const current = itemsRef.current;
        if (!current) return;
        const ticket = generation.current;
        const wanted = Math.max(current.length, PAGE_SIZE);
        try {
          const fresh: CaseSummary[] = [];
          let cursor: string | undefined;
          do {
            const limit = Math.min(MAX_LIMIT, wanted - fresh.length);
            const page = await api.get<CaseList>(casesUrl(viewRef.current, { limit, ...(cursor ? { cursor } : {}) }));
            fresh.push(...page.items);
            cursor = page.nextCursor;
          } while (cursor && fresh.length < wanted);
          if (ticket !== generation.current) return;
          setRefreshError('');
          if (!sameList(current, fresh)) {
            show(fresh, cursor);
            setRefreshedAt(new Date());
          } else if (cursor !== nextCursorRef.current) show(current, cursor);
        } catch (error) {
          if (ticket !== generation.current || isLoggedOut(error)) return;
          setRefreshError(messageOf(error));
        }
      } while (again.current);
    } finally {
      busy.current = false;
    }
  }, []);

  const onEvent = useCallback(() => void refresh(), [refresh]);
  useLiveEvent('task:created', onEvent);
  useLiveEvent('task:updated', onEvent);
  useLiveEvent('task:completed', onEvent);
  useLiveEvent('case:updated', onEvent);

  // Events from before the socket joined its rooms, or while it was down, are not sent again:
  // the list is read again on every connect.
  useLiveConnect(onEvent);

  return {
    items,
    hasMore: nextCursor !== undefined,
    loadError,
    refused,
    loadingMore,
    moreError,
    refreshedAt,
    refreshError,
    reload: () => void loadFirst(),
    loadMore,
  };
}

function isLoggedOut(error: unknown): boolean {
  // The app shows the login; the list has nothing to say about it.
  return error instanceof ApiError && error.status === 401;
}

function sameList(before: readonly CaseSummary[], after: readonly CaseSummary[]): boolean {
  return JSON.stringify(before) === JSON.stringify(after);
}
