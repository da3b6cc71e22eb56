import { useCallback, useEffect, useState } from 'preact/hooks';
import type { DefinitionVersion } from '../../../server/contract/api';
import type { DefinitionDeployed } from '../../../server/contract/events';
import { ApiError, messageOf } from '../../api/http';
import { useLiveEvent } from '../../api/live';
import { fetchDefinitions } from '../overview/definitions';

export type Versions =
  | { status: 'loading' }
  | { status: 'error'; message: string }
  | { status: 'ready'; versions: DefinitionVersion[] };

/** `?versie=N` of the address: a whole number, or undefined when absent or not a version number. */
export function requestedVersion(): number | undefined {
  const value = new URLSearchParams(window.location.search).get('versie');
  return value && /^\d+$/.test(value) ? Number(value) : undefined;
}

/**
 * Every version of one process, newest first, read again whenever a version of it is deployed.
 * `arrivalVersion` is the latest version when the screen opened: a deployment by someone else
 * meanwhile does not swap the diagram under the user. `reload` answers the fresh list, or
 * undefined when it could not be read.
 */
export function useDefinitionVersions(processKey: string): {
  versions: Versions;
  arrivalVersion: number | undefined;
  reload: () => Promise<DefinitionVersion[] | undefined>;
} {
  const [versions, setVersions] = useState<Versions>({ status: 'loading' });
  const [arrivalVersion, setArrivalVersion] = useState<number | undefined>(undefined);

  const reload = useCallback(async (): Promise<DefinitionVersion[] | undefined> => {
    try {
      const all = (await fetchDefinitions(true))
        .filter((definition) => definition.key === processKey)
        .sort((a, b) => b.version - a.version);
      setVersions({ status: 'ready', versions: all });
      setArrivalVersion((previous) => previous ?? all[0]?.version);
      return all;
    } catch (error) {
      // A lost session shows the login; a failed re-read keeps the list on screen.
      if (error instanceof ApiError && error.status === 401) return undefined;
      setVersions((previous) =>
        previous.status === 'ready' ? previous : { status: 'error', message: messageOf(error) },
      );
      return undefined;
    }
  }, [processKey]);
  useEffect(() => void reload(), [reload]);
  const onDeployed = useCallback(
    (deployed: DefinitionDeployed) => {
      if (deployed.key === processKey) void reload();
    },
    [processKey, reload],
  );
  useLiveEvent('definition:deployed', onDeployed);

  return { versions, arrivalVersion, reload };
}
