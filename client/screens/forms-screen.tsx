import { useUserNames } from '../api/use-users';
import { Link, paths } from '../app/router';
import { canEditForms, useUser } from '../app/session';
import { formatDayTime } from '../components/due-date';
import { actorName } from '../components/forms/form-names';
import { useForms } from '../components/forms/use-forms';
import { LoadFailed } from '../components/load-failed';
import { usePageTitle } from '../components/page-title';
import { RefreshFailed, RefreshStatus } from '../components/refresh-status';
import '../styles/forms.css';

/**
 * The forms at `/formulieren`: the latest version of each, who changed it last and when, with the
 * way to its versions and, for the process owner, to the editor. Live: a form saved by anyone
 * shows up without reloading the page.
 */
export function FormsScreen() {
  usePageTitle('Formulieren');
  const user = useUser();
  const owner = canEditForms(user);
  const names = useUserNames();
  const { state, load } = useForms();

  return (
    <section class="forms-screen">
      <div class="forms-heading">
        <h1>Formulieren</h1>
        {owner ? (
          <Link href={paths.formNew()} class="button">
            Nieuw formulier
          </Link>
        ) : null}
      </div>
      <p class="muted forms-intro">
        De formulieren van de taken in de processen. Elke wijziging is een nieuwe versie; een casus houdt de formulieren
        van de procesversie waarop hij loopt.
      </p>
      {state.status === 'loading' ? <p role="status">De formulieren worden geladen…</p> : null}
      {state.status === 'error' || state.status === 'not-found' ? (
        <LoadFailed
          message={`De formulieren konden niet worden geladen. ${state.status === 'error' ? state.message : ''}`}
          onRetry={() => void load()}
        />
      ) : null}
      {state.status === 'ready' ? (
        <>
          <RefreshFailed error={state.refreshError} stale="De lijst kan verouderd zijn." />
          {state.data.length === 0 ? (
            <p>Er zijn nog geen formulieren.</p>
          ) : (
            <table class="forms-table">
              <caption class="visually-hidden">Alle formulieren met hun nieuwste versie</caption>
              <thead>
                <tr>
                  <th scope="col">Formulier</th>
                  <th scope="col">Sleutel</th>
                  <th scope="col">Versie</th>
                  <th scope="col">Laatst gewijzigd</th>
                  {owner ? (
                    <th scope="col">
                      <span class="visually-hidden">Acties</span>
                    </th>
                  ) : null}
                </tr>
              </thead>
              <tbody>
                {state.data.map((form) => (
                  <tr key={form.key} data-form={form.key}>
                    <th scope="row" data-label="Formulier">
                      <Link href={paths.form(form.key)}>{form.title}</Link>
                    </th>
                    <td data-label="Sleutel">
                      <code>{form.key}</code>
                    </td>
                    <td data-label="Versie" class="nowrap">
                      versie {form.version}
                    </td>
                    <td data-label="Laatst gewijzigd">
                      {formatDayTime(form.updatedAt)} door {actorName(names, form.updatedBy)}
                    </td>
                    {owner ? (
                      <td>
                        <Link href={paths.formEdit(form.key)}>
                          Bewerken<span class="visually-hidden"> ({form.title})</span>
                        </Link>
                      </td>
                    ) : null}
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <RefreshStatus refreshedAt={state.refreshedAt} class="forms-refresh" />
        </>
      ) : null}
    </section>
  );
}
