import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, messageOf } from './http';

/** A resource read from the API and kept current by its screen. */
export type LiveState<T> =
  | { status: 'loading' }
  | { status: 'not-found' }
  | { status: 'error'; message: string }
  | { status: 'ready'; data: T; refreshedAt?: Date; refreshError?: string };

export interface LiveResource<T> {
  state: LiveState<T>;
  /** Reads the resource again; reads asked for while one runs fold into one more read. */
  load: () => Promise<void>;
  /** What is on screen, or undefined before the first read succeeded. */
  latest: { readonly current: T | undefined };
  /** Shows a change a live event carried, without a read. */
  apply: (data: T) => void;
}

/**
 * Reads a resource when the screen opens and again whenever `load` is called (live events,
 * reconnects), so a burst of events costs two reads. A 404 shows "not found" and a lost session
 * (401) the login; a failed re-read keeps what is on screen and says so beside it. A re-read for
 * which `same` holds is not announced as a change. `read` gets what is on screen, to reuse parts
 * that never change.
 */
export function useLiveResource<T>(
  read: (previous: T | undefined) => Promise<T>,
  inputs: ReadonlyArray<unknown>,
  same?: (before: T, after: T) => boolean,
): LiveResource<T> {
  const [state, setState] = useState<LiveState<T>>({ status: 'loading' });
  const latest = useRef<T | undefined>(undefined);
  const busy = useRef(false);
  const again = useRef(false);
  const alive = useRef(true);

  const apply = useCallback((data: T) => {
    latest.current = data;
    setState({ status: 'ready', data, refreshedAt: new Date() });
  }, []);

  const load = useCallback(async () => {
    if (busy.current) {
      again.current = true;
      return;
    }
    busy.current = true;
    try {
      do {
        again.current = false;
        try {
          const previous = latest.current;
          const data = await read(previous);
          if (!alive.current) return;
          if (previous !== undefined && same?.(previous, data)) {
            setState((current) =>
              current.status === 'ready' && current.refreshError ? { ...current, refreshError: undefined } : current,
            );
            continue;
          }
          latest.current = data;
          setState({ status: 'ready', data, ...(previous !== undefined ? { refreshedAt: new Date() } : {}) });
        } catch (error) {
          if (!alive.current) return;
          if (error instanceof ApiError && error.status === 404) setState({ status: 'not-found' });
          else if (error instanceof ApiError && error.status === 401)
            return; // the app shows the login
          else
            setState((current) =>
              current.status === 'ready'
                ? { ...current, refreshError: messageOf(error) }
                : { status: 'error', message: messageOf(error) },
            );
        }
      } while (again.current && alive.current);
    } finally {
      busy.current = false;
    }
    // `read` and `same` change with every render; `inputs` says when the resource is another one.
  }, inputs);

  useEffect(() => {
    alive.current = true;
    void load();
    return () => {
      alive.current = false;
    };
  }, [load]);

  return { state, load, latest, apply };
}
