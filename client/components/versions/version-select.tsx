import type { DefinitionVersion } from '../../../server/contract/api';
import { formatDateTime } from '../due-date';

/** The version chooser of the process screens; `versions` newest first, `dated` adds deploy times. */
export function VersionSelect(props: {
  label: string;
  versions: readonly DefinitionVersion[];
  value: number;
  dated?: boolean;
  onChoose: (version: number) => void;
}) {
  const newest = props.versions[0]?.version;
  return (
    <div class="version-select">
      <label for="versie-keuze">{props.label}</label>
      <select
        id="versie-keuze"
        value={String(props.value)}
        onChange={(event) => props.onChoose(Number((event.currentTarget as HTMLSelectElement).value))}
      >
        {props.versions.map((version) => (
          <option key={version.version} value={String(version.version)}>
            {`Versie ${version.version}${version.version === newest ? ' (nieuwste)' : ''}${props.dated ? ` – ${formatDateTime(new Date(version.deployedAt))}` : ''}`}
          </option>
        ))}
      </select>
    </div>
  );
}
