import { Link, paths } from '../app/router';

/**
 * The way back from a process's screens: Processen › the process › `step`. Without a step the
 * process is where the user is, so it is not a link.
 */
export function ProcessBreadcrumb({ processKey, name, step }: { processKey: string; name: string; step?: string }) {
  return (
    <p class="breadcrumb">
      <Link href={paths.processes()}>Processen</Link>
      <span aria-hidden="true"> › </span>
      {step === undefined ? (
        <span>{name}</span>
      ) : (
        <>
          <Link href={paths.process(processKey)}>{name}</Link>
          <span aria-hidden="true"> › </span>
          <span>{step}</span>
        </>
      )}
    </p>
  );
}
