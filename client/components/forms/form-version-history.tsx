import type { FormVersion } from '../../../server/contract/forms';
import { Link, paths } from '../../app/router';
import { formatDayTime } from '../due-date';
import { processName } from '../overview/definitions';
import { CompareVersionsForm } from '../versions/compare-versions-form';
import { formCompareHref } from './form-api';
import { actorName } from './form-names';

/**
 * "Versies": every version of a form, newest first, with who saved it, when, why (the note) and
 * which diagram versions use it; a link to compare each with the one before; and a form to
 * compare any two.
 */
export function FormVersionHistory(props: {
  formKey: string;
  /** Newest first. */
  versions: readonly FormVersion[];
  names: ReadonlyMap<string, string>;
}) {
  const { formKey, versions, names } = props;
  const latest = versions[0]?.version;
  return (
    <section class="form-version-history" aria-labelledby="versies-titel">
      <h2 id="versies-titel">Versies</h2>
      <table class="forms-table form-versions-table">
        <caption class="visually-hidden">Alle versies van dit formulier, nieuwste eerst</caption>
        <thead>
          <tr>
            <th scope="col">Versie</th>
            <th scope="col">Opgeslagen</th>
            <th scope="col">Door</th>
            <th scope="col">Notitie</th>
            <th scope="col">Gebruikt door</th>
            <th scope="col">
              <span class="visually-hidden">Acties</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {versions.map((version) => {
            const previous = versions.find((candidate) => candidate.version < version.version);
            return (
              <tr key={version.version} data-version={version.version}>
                <th scope="row" data-label="Versie">
                  <span>
                    Versie {version.version}
                    {version.version === latest ? <span class="version-latest"> nieuwste</span> : null}
                  </span>
                </th>
                <td data-label="Opgeslagen">{formatDayTime(version.createdAt)}</td>
                <td data-label="Door">{actorName(names, version.createdBy)}</td>
                <td data-label="Notitie" class="version-note">
                  {version.note ? version.note : <span class="muted">geen notitie</span>}
                </td>
                <td data-label="Gebruikt door">
                  <UsedBy usedBy={version.usedBy} />
                </td>
                <td>
                  {previous ? (
                    <Link href={formCompareHref(formKey, previous.version, version.version)}>
                      Vergelijken met {previous.version}
                      <span class="visually-hidden">
                        {' '}
                        (versie {version.version} met versie {previous.version})
                      </span>
                    </Link>
                  ) : null}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {versions.length > 1 ? (
        <CompareVersionsForm
          versions={versions}
          href={(from, to) => formCompareHref(formKey, from, to)}
          headingLevel={3}
        />
      ) : null}
    </section>
  );
}

/** The diagram versions that pinned this form version when they were deployed, each a link. */
function UsedBy({ usedBy }: { usedBy: FormVersion['usedBy'] }) {
  if (usedBy.length === 0) return <span class="muted">geen procesversie</span>;
  return (
    <ul class="used-by">
      {usedBy.map((use) => (
        <li key={`${use.definitionKey}:${use.version}`}>
          <Link href={`${paths.process(use.definitionKey)}?versie=${use.version}`}>
            {processName({ key: use.definitionKey })}, versie {use.version}
          </Link>
        </li>
      ))}
    </ul>
  );
}
