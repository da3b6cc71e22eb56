import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import type { ElementStatistics } from '../../../server/contract/api';
import type { DefinitionStatistics } from '../../../server/contract/events';
import { ApiError, messageOf } from '../../api/http';
import { connectLive, useLiveEvent } from '../../api/live';
import { fetchStatistics, type VersionRef, versionId } from './definitions';

/** How often statistics are read again: overdue counts and waits change with time alone. */
export const STATISTICS_REFRESH_MS = 60_000;

export interface LiveStatistics {
  /** Statistics by `key@version`; a version is missing until its first answer. */
  byVersion: ReadonlyMap<string, readonly ElementStatistics[]>;
  /** The last failure to read statistics, if the last read failed. */
  error: string | undefined;
  /** When the statistics last changed after the first read (a live batch or a refresh). */
  updatedAt: Date | undefined;
  refresh(): void;
}

/**
 * The statistics of some definition versions, kept current: each version is watched on the
 * socket (the server sends a version's whole statistics, batched, at most about once a second
 * while its cases move) and read again every minute and after a reconnect (rooms do not survive
 * one, and batches may have been missed meanwhile).
 */
export function useLiveStatistics(refs: readonly VersionRef[]): LiveStatistics {
  const [byVersion, setByVersion] = useState<ReadonlyMap<string, readonly ElementStatistics[]>>(new Map());
  const [error, setError] = useState<string | undefined>(undefined);
  const [updatedAt, setUpdatedAt] = useState<Date | undefined>(undefined);
  const ids = [...new Set(refs.map(versionId))].sort();
  const idsKey = ids.join(' ');
  const watched = useRef(new Set<string>());
  /** Counts live batches per version: a read that started before a batch arrived is older than it. */
  const batches = useRef(new Map<string, number>());
  const loaded = useRef(new Set<string>());

  const apply = useCallback((id: string, statistics: readonly ElementStatistics[]) => {
    setByVersion((previous) => new Map(previous).set(id, statistics));
    if (loaded.current.has(id)) setUpdatedAt(new Date());
    loaded.current.add(id);
  }, []);

  const read = useCallback(
    async (ref: VersionRef) => {
      const id = versionId(ref);
      const batchesBefore = batches.current.get(id) ?? 0;
      try {
        const statistics = await fetchStatistics(ref);
        if (!watched.current.has(id) || (batches.current.get(id) ?? 0) !== batchesBefore) return;
        setError(undefined);
        apply(id, statistics);
      } catch (failure) {
        // A lost session shows the login; anything else is said next to the (older) numbers.
        if (watched.current.has(id) && !(failure instanceof ApiError && failure.status === 401))
          setError(messageOf(failure));
      }
    },
    [apply],
  );

  useEffect(() => {
    const live = connectLive();
    const current = ids.map(parseVersionId);
    const set = watched.current;
    for (const ref of current) {
      set.add(versionId(ref));
      live.emit('definition:watch', ref);
      void read(ref);
    }
    const readAll = () => current.forEach((ref) => void read(ref));
    // socket.io sends the watches above once the first connection opens; only later ones need more.
    let firstConnect = !live.connected;
    const onConnect = () => {
      if (firstConnect) {
        firstConnect = false;
        return;
      }
      for (const ref of current) live.emit('definition:watch', ref);
      readAll();
    };
    live.on('connect', onConnect);
    const timer = setInterval(readAll, STATISTICS_REFRESH_MS);
    return () => {
      clearInterval(timer);
      live.off('connect', onConnect);
      for (const ref of current) {
        live.emit('definition:unwatch', ref);
        set.delete(versionId(ref));
      }
    };
  }, [idsKey, read]);

  const onStatistics = useCallback(
    (update: DefinitionStatistics) => {
      const id = versionId(update);
      if (!watched.current.has(id)) return;
      batches.current.set(id, (batches.current.get(id) ?? 0) + 1);
      apply(id, update.statistics);
    },
    [apply],
  );
  useLiveEvent('definition:statistics', onStatistics);

  const refresh = useCallback(() => ids.forEach((id) => void read(parseVersionId(id))), [idsKey, read]);
  return { byVersion, error, updatedAt, refresh };
}

function parseVersionId(id: string): VersionRef {
  const at = id.lastIndexOf('@');
  return { key: id.slice(0, at), version: Number(id.slice(at + 1)) };
}
