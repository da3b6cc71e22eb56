import { Link, paths } from '../../app/router';

/** The way back from a form's screens: Formulieren › the form › `step`; where the user is is no link. */
export function FormBreadcrumb({ formKey, title, step }: { formKey: string; title: string; step?: string }) {
  return (
    <p class="breadcrumb">
      <Link href={paths.forms()}>Formulieren</Link>
      <span aria-hidden="true"> › </span>
      {step === undefined ? (
        <span>{title}</span>
      ) : (
        <>
          <Link href={paths.form(formKey)}>{title}</Link>
          <span aria-hidden="true"> › </span>
          <span>{step}</span>
        </>
      )}
    </p>
  );
}
