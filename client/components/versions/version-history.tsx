import type { DefinitionVersion } from '../../../server/contract/api';
import { Link, paths } from '../../app/router';
import { formatDateTime } from '../due-date';
import { compareHref } from './compare-address';
import { CompareVersionsForm } from './compare-versions-form';

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
      {versions.length > 1 ? (
        <CompareVersionsForm
          versions={versions}
          href={(from, to) => compareHref(processKey, from, to)}
          headingLevel={3}
        />
      ) : null}
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
