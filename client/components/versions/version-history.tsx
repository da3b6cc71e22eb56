import { useState } from 'preact/hooks';
import type { DefinitionVersion } from '../../../server/contract/api';
import { Link, navigate, paths } from '../../app/router';
import { formatDateTime } from '../due-date';
import { compareHref } from './compare-address';

/**
 * "Versies": every deployed version of a process, newest first, with who deployed it, when and
 * why (the note), links to view it and, for a process owner, to open it in the modeler; and a
 * form to compare any two versions.
 */
export function VersionHistory(props: {
  processKey: string;
  /** Newest first. */
  versions: readonly DefinitionVersion[];
  names: ReadonlyMap<string, string>;
  /** The version on screen, if any: its row says so. */
  shown?: number;
  isOwner: boolean;
}) {
  const { processKey, versions, names, shown, isOwner } = props;
  const latest = versions[0]?.version;
  return (
    <section class="version-history" aria-labelledby="versies-titel">
      <h2 id="versies-titel">Versies</h2>
      <div class="version-table-scroll">
        <table class="version-table">
          <caption class="visually-hidden">Alle versies van dit proces, nieuwste eerst</caption>
          <thead>
            <tr>
              <th scope="col">Versie</th>
              <th scope="col">Uitgerold</th>
              <th scope="col">Door</th>
              <th scope="col">Notitie</th>
              <th scope="col">
                <span class="visually-hidden">Acties</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {versions.map((version) => {
              const previous = versions.find((candidate) => candidate.version < version.version);
              return (
                <tr
                  key={version.version}
                  data-version={version.version}
                  aria-current={version.version === shown ? 'true' : undefined}
                >
                  <th scope="row">
                    Versie {version.version}
                    {version.version === latest ? <span class="version-latest"> nieuwste</span> : null}
                  </th>
                  <td>{formatDateTime(new Date(version.deployedAt))}</td>
                  <td>{names.get(version.deployedBy) ?? version.deployedBy}</td>
                  <td class="version-note">{version.note ?? <span class="muted">geen notitie</span>}</td>
                  <td>
                    <div class="version-actions">
                      <Link href={`${paths.process(processKey)}?versie=${version.version}`}>
                        Bekijken<span class="visually-hidden"> (versie {version.version})</span>
                      </Link>
                      {previous ? (
                        <Link href={compareHref(processKey, previous.version, version.version)}>
                          Vergelijken met {previous.version}
                          <span class="visually-hidden">
                            {' '}
                            (versie {version.version} met versie {previous.version})
                          </span>
                        </Link>
                      ) : null}
                      {isOwner ? (
                        <Link href={`${paths.modeler(processKey)}?versie=${version.version}`}>
                          Openen in modeler<span class="visually-hidden"> (versie {version.version})</span>
                        </Link>
                      ) : null}
                    </div>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {versions.length > 1 ? <CompareForm processKey={processKey} versions={versions} /> : null}
      {isOwner && versions.length > 1 ? (
        <p class="migration-link">
          <Link href={`${paths.process(processKey)}?migreren=1`}>
            Lopende casussen naar een andere versie verplaatsen
          </Link>
        </p>
      ) : null}
    </section>
  );
}

/** Any two versions, not only neighbours: "what changed since the version my cases run on?". */
export function CompareForm(props: {
  processKey: string;
  versions: readonly DefinitionVersion[];
  from?: number;
  to?: number;
}) {
  const { processKey, versions } = props;
  const [from, setFrom] = useState(String(props.from ?? versions[1]?.version ?? ''));
  const [to, setTo] = useState(String(props.to ?? versions[0]?.version ?? ''));
  const same = from === to;
  const submit = (event: Event) => {
    event.preventDefault();
    if (!same) navigate(compareHref(processKey, Number(from), Number(to)));
  };
  const options = versions.map((version) => (
    <option key={version.version} value={String(version.version)}>
      Versie {version.version}
    </option>
  ));
  return (
    <form class="compare-form" onSubmit={submit} aria-labelledby="vergelijk-titel">
      <h3 id="vergelijk-titel">Twee versies vergelijken</h3>
      <div class="compare-fields">
        <div class="field">
          <label for="vergelijk-van">Oude versie</label>
          <select
            id="vergelijk-van"
            value={from}
            onChange={(event) => setFrom((event.currentTarget as HTMLSelectElement).value)}
          >
            {options}
          </select>
        </div>
        <div class="field">
          <label for="vergelijk-met">Nieuwe versie</label>
          <select
            id="vergelijk-met"
            value={to}
            onChange={(event) => setTo((event.currentTarget as HTMLSelectElement).value)}
          >
            {options}
          </select>
        </div>
        <button type="submit" disabled={same} aria-describedby={same ? 'vergelijk-zelfde' : undefined}>
          Vergelijken
        </button>
      </div>
      {same ? (
        <p id="vergelijk-zelfde" class="muted">
          Kies twee verschillende versies.
        </p>
      ) : null}
    </form>
  );
}
