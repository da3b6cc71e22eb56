import { useEffect, useState } from 'preact/hooks';
import type { DefinitionVersion } from '../../../server/contract/api';
import { Link, paths } from '../../app/router';
import { definitionElements, fetchStatistics, totalsOf, waitingCounts } from './definitions';

export interface WaitingVersion {
  version: number;
  active: number;
  overdue: number;
}

/**
 * Where cases wait on the other versions of a process, newest first; only read when the shown
 * version has none waiting, as right after a deploy, when every running case is still on the
 * version it started on. `undefined` until known (or when it could not be read: the notice is a
 * help, not a fact the page depends on).
 */
export function useWaitingElsewhere(
  versions: readonly DefinitionVersion[],
  shown: number,
  shownIsEmpty: boolean,
): WaitingVersion[] | undefined {
  const [found, setFound] = useState<WaitingVersion[] | undefined>(undefined);
  const others = versions.filter((definition) => definition.version !== shown);
  const othersKey = others.map((definition) => `${definition.key}@${definition.version}`).join(' ');
  useEffect(() => {
    setFound(undefined);
    if (!shownIsEmpty || others.length === 0) return;
    let alive = true;
    Promise.all(
      others.map(async (definition) => {
        const ref = { key: definition.key, version: definition.version };
        const [statistics, elements] = await Promise.all([fetchStatistics(ref), definitionElements(ref)]);
        return { version: definition.version, ...totalsOf(waitingCounts(statistics, elements)) };
      }),
    )
      .then((all) => alive && setFound(all.filter((entry) => entry.active > 0).sort((a, b) => b.version - a.version)))
      .catch(() => alive && setFound(undefined));
    return () => {
      alive = false;
    };
    // othersKey stands for `others`, a new array on every render.
  }, [othersKey, shownIsEmpty]);
  return found;
}

/**
 * On a version where nothing waits, where the cases are: a version says "no cases waiting" while
 * all running cases are on an older one, which reads as if the cases were gone.
 */
export function WaitingElsewhere({
  processKey,
  shown,
  waiting,
}: {
  processKey: string;
  shown: number;
  waiting: readonly WaitingVersion[];
}) {
  if (waiting.length === 0) return null;
  return (
    <div class="notice waiting-elsewhere">
      <p>
        Op versie {shown} wacht nog geen casus. Casussen blijven op de versie waarop ze begonnen; de lopende casussen
        wachten op een eerdere versie:
      </p>
      <ul>
        {waiting.map((entry) => (
          <li key={entry.version}>
            <Link href={`${paths.process(processKey)}?versie=${entry.version}`}>
              Versie {entry.version}: {entry.active === 1 ? '1 wachtende casus' : `${entry.active} wachtende casussen`}
            </Link>
            {entry.overdue > 0 ? `, waarvan ${entry.overdue} te laat` : ''}
          </li>
        ))}
      </ul>
    </div>
  );
}
