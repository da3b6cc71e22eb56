import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import type { AccessLogItem, AccessLogPage } from '../../../server/contract/admin';
import { ApiError, api, messageOf } from '../../api/http';
import { accessLogUrl } from './access-log-view';

export interface AccessLogState {
  /** The entries found so far; null while the first page loads or when nothing is searched. */
  items: AccessLogItem[] | null;
  hasMore: boolean;
  loadError: string;
  /** The server refused the search (400) or the user (403): trying again will not help. */
  refused: boolean;
  loadingMore: boolean;
  moreError: string;
  reload(): void;
  /** Loads the next page; resolves with how many entries it added. */
  loadMore(): Promise<number>;
}

/**
 * The entries of one search, page by page with the server's cursor. The log only grows and the
 * officer reads a fixed past, so the list is not kept live: a new search reads it again.
 * `filters` undefined means there is nothing to search (the period has a problem).
 */
export function useAccessLog(filters: URLSearchParams | undefined): AccessLogState {
  const key = filters?.toString();
  const [shown, setShown] = useState<{ key: string | undefined; items: AccessLogItem[] | null; next?: string }>({
    key,
    items: null,
  });
  const items = shown.key === key ? shown.items : null;
  const next = shown.key === key ? shown.next : undefined;
  const [loadError, setLoadError] = useState('');
  const [refused, setRefused] = useState(false);
  const [loadingMore, setLoadingMore] = useState(false);
  const [moreError, setMoreError] = useState('');
  // A read for an older search must not land on a newer one.
  const generation = useRef(0);

  const loadFirst = useCallback(async () => {
    const ticket = ++generation.current;
    setShown({ key, items: null });
    setLoadError('');
    setRefused(false);
    setMoreError('');
    setLoadingMore(false);
    if (key === undefined) return;
    try {
      const page = await api.get<AccessLogPage>(accessLogUrl(new URLSearchParams(key)));
      if (ticket !== generation.current) return;
      setShown({ key, items: page.items, ...(page.nextCursor ? { next: page.nextCursor } : {}) });
    } catch (error) {
      if (ticket !== generation.current || isLoggedOut(error)) return;
      setLoadError(messageOf(error));
      setRefused(error instanceof ApiError && (error.status === 400 || error.status === 403));
    }
  }, [key]);

  useEffect(() => {
    void loadFirst();
  }, [loadFirst]);

  const loadMore = useCallback(async (): Promise<number> => {
    if (key === undefined || !next || !items || loadingMore) return 0;
    const ticket = generation.current;
    setLoadingMore(true);
    setMoreError('');
    try {
      const page = await api.get<AccessLogPage>(accessLogUrl(new URLSearchParams(key), next));
      if (ticket !== generation.current) return 0;
      const known = new Set(items.map((item) => item.seq));
      const added = page.items.filter((item) => !known.has(item.seq));
      setShown({ key, items: [...items, ...added], ...(page.nextCursor ? { next: page.nextCursor } : {}) });
      return added.length;
    } catch (error) {
      if (ticket === generation.current && !isLoggedOut(error)) setMoreError(messageOf(error));
      return 0;
    } finally {
      if (ticket === generation.current) setLoadingMore(false);
    }
  }, [key, next, items, loadingMore]);

  return {
    items,
    hasMore: next !== undefined,
    loadError,
    refused,
    loadingMore,
    moreError,
    reload: () => void loadFirst(),
    loadMore,
  };
}

function isLoggedOut(error: unknown): boolean {
  return error instanceof ApiError && error.status === 401;
}
