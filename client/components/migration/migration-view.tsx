import { useCallback, useEffect, useMemo, useState } from 'preact/hooks';
import type { DefinitionVersion, MigrationCheck, MigrationResult } from '../../../server/contract/api';
import { messageOf } from '../../api/http';
import type { DiagramElements } from '../case/diagram-elements';
import { definitionElements, elementName, fetchStatistics, processName } from '../overview/definitions';
import { ProcessBreadcrumb } from '../process-breadcrumb';
import { typeName } from '../versions/diff-labels';
import { chosenMapping, dryRun, migrate } from './migration-api';

type Checks =
  | { status: 'idle' }
  | { status: 'loading' }
  | { status: 'error'; message: string }
  | { status: 'ready'; checks: MigrationCheck[] };

/**
 * Moving running cases of a process to another version (`?migreren=1`, process owners only): pick
 * the versions, check every active case on the old one (a dry run that changes nothing), map steps
 * the new version renamed, select the cases that can move, and move them. The server decides; this
 * screen shows its reasons in its words.
 */
export function MigrationView(props: { processKey: string; versions: readonly DefinitionVersion[] }) {
  const { processKey, versions } = props;
  const name = processName(versions[0] ?? { key: processKey });
  const latest = versions[0]!.version;
  const older = versions.filter((version) => version.version !== latest);
  // Which versions still have running cases: those are the ones worth moving from.
  const [withCases, setWithCases] = useState<ReadonlySet<number> | undefined>(undefined);
  const [from, setFrom] = useState<number | undefined>(undefined);
  const [to, setTo] = useState(latest);

  useEffect(() => {
    let alive = true;
    Promise.all(
      older.map(async (version) => ({
        version: version.version,
        active: (await fetchStatistics({ key: processKey, version: version.version })).some(
          (entry) => entry.active > 0,
        ),
      })),
    )
      .then((found) => {
        if (!alive) return;
        const active = new Set(found.filter((entry) => entry.active).map((entry) => entry.version));
        setWithCases(active);
        setFrom(
          (previous) => previous ?? older.find((version) => active.has(version.version))?.version ?? older[0]?.version,
        );
      })
      .catch(() => alive && setFrom((previous) => previous ?? older[0]?.version));
    return () => {
      alive = false;
    };
  }, [processKey, versions.length]);

  return (
    <section class="migration" aria-labelledby="migratie-titel">
      <ProcessBreadcrumb processKey={processKey} name={name} step="Casussen verplaatsen" />
      <h1 id="migratie-titel">{name}: casussen naar een andere versie verplaatsen</h1>
      <p class="migration-intro">
        Een casus blijft op de versie waarop hij begon. Hier verplaatst u lopende casussen naar een nieuwere versie.
        Controleer eerst: de controle verandert niets en zegt per casus of hij kan worden verplaatst, en zo niet,
        waarom.
      </p>
      {older.length === 0 ? (
        <p class="notice">Dit proces heeft maar één versie; er is niets om naar te verplaatsen.</p>
      ) : (
        <div class="migration-versions">
          <div class="field">
            <label for="migratie-van">Van versie</label>
            <select
              id="migratie-van"
              value={from === undefined ? '' : String(from)}
              onChange={(event) => setFrom(Number((event.currentTarget as HTMLSelectElement).value))}
            >
              {from === undefined ? <option value="">Versies worden geladen…</option> : null}
              {older.map((version) => (
                <option key={version.version} value={String(version.version)}>
                  {`Versie ${version.version}${withCases ? (withCases.has(version.version) ? ' (lopende casussen)' : ' (geen lopende casussen)') : ''}`}
                </option>
              ))}
            </select>
          </div>
          <div class="field">
            <label for="migratie-naar">Naar versie</label>
            <select
              id="migratie-naar"
              value={String(to)}
              onChange={(event) => setTo(Number((event.currentTarget as HTMLSelectElement).value))}
            >
              {versions.map((version) => (
                <option key={version.version} value={String(version.version)}>
                  {`Versie ${version.version}${version.version === latest ? ' (nieuwste)' : ''}`}
                </option>
              ))}
            </select>
          </div>
        </div>
      )}
      {from !== undefined && from >= to ? (
        <p class="notice">Kies als doel een nieuwere versie dan versie {from}.</p>
      ) : null}
      {from !== undefined && from < to ? (
        <MigrationPlan key={`${from}-${to}`} processKey={processKey} from={from} to={to} />
      ) : null}
    </section>
  );
}

/** Checks, mapping, selection and the move, for one pair of versions. */
function MigrationPlan({ processKey, from, to }: { processKey: string; from: number; to: number }) {
  const [checks, setChecks] = useState<Checks>({ status: 'idle' });
  const [mapping, setMapping] = useState<Record<string, string>>({});
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [elements, setElements] = useState<{ old: DiagramElements; new: DiagramElements } | undefined>(undefined);
  const [moving, setMoving] = useState(false);
  const [results, setResults] = useState<MigrationResult[] | undefined>(undefined);
  const [moveError, setMoveError] = useState('');

  useEffect(() => {
    let alive = true;
    Promise.all([
      definitionElements({ key: processKey, version: from }),
      definitionElements({ key: processKey, version: to }),
    ])
      .then(([oldElements, newElements]) => alive && setElements({ old: oldElements, new: newElements }))
      .catch(() => undefined);
    return () => {
      alive = false;
    };
  }, [processKey, from, to]);

  const check = useCallback(
    async (nextMapping: Record<string, string>) => {
      setChecks({ status: 'loading' });
      try {
        const mapped = chosenMapping(nextMapping);
        // No instance ids: the server checks every active case on the old version (the owner sees no cases).
        const found = await dryRun(processKey, {
          fromVersion: from,
          toVersion: to,
          ...(mapped ? { mapping: mapped } : {}),
        });
        setChecks({ status: 'ready', checks: found });
        // A case that can no longer move (another mapping, moved meanwhile) leaves the selection.
        const movable = new Set(found.filter((item) => item.canMigrate).map((item) => item.instanceId));
        setSelected((previous) => new Set([...previous].filter((id) => movable.has(id))));
      } catch (error) {
        setChecks({ status: 'error', message: messageOf(error) });
      }
    },
    [processKey, from, to],
  );

  const list = checks.status === 'ready' ? checks.checks : [];
  const movable = list.filter((item) => item.canMigrate);
  // Old steps where cases wait that the new version does not have under the same id.
  const unmatched = useMemo(() => {
    if (!elements) return [];
    const ids = new Set(list.flatMap((item) => item.waitingAt).filter((id) => !elements.new.has(id)));
    return [...ids].sort();
  }, [list, elements]);

  const changeMapping = (oldId: string, newId: string) => {
    const next = { ...mapping, [oldId]: newId };
    setMapping(next);
    void check(next);
  };

  const toggle = (instanceId: string, on: boolean) =>
    setSelected((previous) => {
      const next = new Set(previous);
      if (on) next.add(instanceId);
      else next.delete(instanceId);
      return next;
    });

  const move = async () => {
    if (selected.size === 0 || moving) return;
    setMoving(true);
    setMoveError('');
    try {
      const mapped = chosenMapping(mapping);
      const outcome = await migrate(processKey, {
        fromVersion: from,
        toVersion: to,
        instanceIds: [...selected],
        ...(mapped ? { mapping: mapped } : {}),
      });
      setResults(outcome);
      setSelected(new Set());
      await check(mapping);
    } catch (error) {
      setMoveError(messageOf(error));
    } finally {
      setMoving(false);
    }
  };

  const stepNames = (ids: readonly string[]) =>
    ids
      .filter((id) => elements?.old.get(id)?.type !== 'boundaryEvent')
      .map((id) => (elements ? elementName(elements.old, id) : id))
      .join(', ') || '–';

  return (
    <div class="migration-plan">
      <div class="migration-actions">
        <button type="button" onClick={() => void check(mapping)} disabled={checks.status === 'loading'}>
          {checks.status === 'idle' ? `Casussen op versie ${from} controleren` : 'Opnieuw controleren'}
        </button>
      </div>
      <div role="status" class="migration-status">
        {checks.status === 'loading' ? 'De casussen worden gecontroleerd…' : null}
        {checks.status === 'ready'
          ? list.length === 0
            ? `Er lopen geen casussen op versie ${from}.`
            : `${list.length} ${list.length === 1 ? 'lopende casus' : 'lopende casussen'} op versie ${from}; ${movable.length} kan naar versie ${to}.`
          : null}
      </div>
      {checks.status === 'error' ? (
        <div class="notice error" role="alert">
          <p>De controle is niet gelukt. {checks.message}</p>
        </div>
      ) : null}
      {results ? <MigrationResults results={results} to={to} onClose={() => setResults(undefined)} /> : null}

      {elements && unmatched.length > 0 ? (
        <fieldset class="migration-mapping">
          <legend>Stappen die versie {to} niet meer heeft</legend>
          <p class="muted">
            Casussen wachten bij stappen die in versie {to} niet (meer) onder dezelfde naam bestaan. Kies per stap waar
            die casussen in versie {to} verder gaan; stappen met hetzelfde id koppelen vanzelf.
          </p>
          {unmatched.map((oldId) => {
            const type = elements.old.get(oldId)?.type;
            const candidates = [...elements.new.entries()].filter(([, element]) => element.type === type);
            const selectId = `koppeling-${oldId}`;
            return (
              <div class="field" key={oldId}>
                <label for={selectId}>
                  {elementName(elements.old, oldId)}{' '}
                  <span class="muted">
                    ({type ? typeName(type) : 'stap'}, {oldId})
                  </span>
                </label>
                <select
                  id={selectId}
                  data-mapping-for={oldId}
                  value={mapping[oldId] ?? ''}
                  onChange={(event) => changeMapping(oldId, (event.currentTarget as HTMLSelectElement).value)}
                >
                  <option value="">Niet koppelen (casus blijft op versie {from})</option>
                  {candidates.map(([newId]) => (
                    <option key={newId} value={newId}>
                      {`${elementName(elements.new, newId)} (${newId})`}
                    </option>
                  ))}
                </select>
              </div>
            );
          })}
        </fieldset>
      ) : null}

      {list.length > 0 ? (
        <>
          <div class="migration-table-scroll">
            <table class="migration-table">
              <caption class="visually-hidden">
                Lopende casussen op versie {from} en of ze naar versie {to} kunnen
              </caption>
              <thead>
                <tr>
                  <th scope="col">
                    <span class="visually-hidden">Selecteren</span>
                  </th>
                  <th scope="col">Casus</th>
                  <th scope="col">Wacht bij</th>
                  <th scope="col">Naar versie {to}?</th>
                </tr>
              </thead>
              <tbody>
                {list.map((item) => {
                  const label = `Casus ${item.caseId ?? item.instanceId}`;
                  return (
                    <tr
                      key={item.instanceId}
                      data-instance-id={item.instanceId}
                      class={item.canMigrate ? 'movable' : 'blocked'}
                    >
                      <td>
                        <input
                          type="checkbox"
                          aria-label={`${label} selecteren`}
                          checked={selected.has(item.instanceId)}
                          disabled={!item.canMigrate || moving}
                          onChange={(event) =>
                            toggle(item.instanceId, (event.currentTarget as HTMLInputElement).checked)
                          }
                        />
                      </td>
                      <th scope="row">{item.caseId ?? item.instanceId}</th>
                      <td>{stepNames(item.waitingAt)}</td>
                      <td>
                        {item.canMigrate ? (
                          <strong class="can-move">Kan worden verplaatst</strong>
                        ) : (
                          <strong class="cannot-move">Kan niet worden verplaatst</strong>
                        )}
                        {item.reasons.length > 0 || item.warnings.length > 0 ? (
                          <ul class="migration-reasons">
                            {item.reasons.map((reason, index) => (
                              <li key={`r${index}`} data-code={reason.code}>
                                {reason.message}
                              </li>
                            ))}
                            {item.warnings.map((warning, index) => (
                              <li key={`w${index}`} class="warning" data-code={warning.code}>
                                Let op: {warning.message}
                              </li>
                            ))}
                          </ul>
                        ) : null}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
          <div class="migration-actions">
            <button
              type="button"
              class="secondary"
              disabled={movable.length === 0 || moving}
              onClick={() => setSelected(new Set(movable.map((item) => item.instanceId)))}
            >
              Alle verplaatsbare selecteren ({movable.length})
            </button>
            <button type="button" disabled={selected.size === 0 || moving} onClick={() => void move()}>
              {moving ? 'Bezig met verplaatsen…' : `Migreren (${selected.size})`}
            </button>
          </div>
          {moveError ? (
            <div class="notice error" role="alert">
              <p>Verplaatsen is niet gelukt. {moveError}</p>
            </div>
          ) : null}
        </>
      ) : null}
    </div>
  );
}

function MigrationResults({ results, to, onClose }: { results: MigrationResult[]; to: number; onClose: () => void }) {
  const moved = results.filter((result) => result.migrated);
  const stayed = results.filter((result) => !result.migrated);
  return (
    <div class="migration-results notice" role="alert">
      <h2>Resultaat</h2>
      <p>
        {moved.length === 1 ? '1 casus is' : `${moved.length} casussen zijn`} verplaatst naar versie {to}.
        {stayed.length > 0
          ? ` ${stayed.length === 1 ? '1 casus is' : `${stayed.length} casussen zijn`} niet verplaatst en ongewijzigd gebleven.`
          : ''}
      </p>
      <ul>
        {results.map((result) => (
          <li key={result.instanceId} data-instance-id={result.instanceId}>
            Casus {result.caseId ?? result.instanceId}:{' '}
            {result.migrated
              ? 'verplaatst'
              : `niet verplaatst. ${result.reasons.map((reason) => reason.message).join(' ')}`}
          </li>
        ))}
      </ul>
      <button type="button" class="secondary small" onClick={onClose}>
        Melding sluiten
      </button>
    </div>
  );
}
