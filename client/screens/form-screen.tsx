import { useUserNames } from '../api/use-users';
import { Link, paths } from '../app/router';
import { canEditForms, useUser } from '../app/session';
import { formatDayTime } from '../components/due-date';
import { FormBreadcrumb } from '../components/forms/form-breadcrumb';
import { actorName } from '../components/forms/form-names';
import { FormVersionComparison } from '../components/forms/form-version-comparison';
import { FormVersionHistory } from '../components/forms/form-version-history';
import { useFormVersions } from '../components/forms/use-forms';
import { LoadFailed } from '../components/load-failed';
import { usePageTitle } from '../components/page-title';
import { RefreshFailed, RefreshStatus } from '../components/refresh-status';
import { parseCompare } from '../components/versions/compare-address';
import { NotFoundScreen } from './not-found-screen';
import '../styles/versions.css';
import '../styles/forms.css';

/**
 * One form at `/formulieren/:key`: its versions (who, when, why, which diagram versions use it),
 * and with `?vergelijk=1-2` two versions compared field by field. Live: a version saved or a
 * diagram deployed meanwhile shows up without reloading.
 */
export function FormScreen({ formKey }: { formKey: string }) {
  const compare = parseCompare(new URLSearchParams(window.location.search).get('vergelijk'));
  const owner = canEditForms(useUser());
  const names = useUserNames();
  const { state, load } = useFormVersions(formKey);
  const versions = state.status === 'ready' ? state.data : [];
  const latest = versions[0];
  const title = latest?.title ?? formKey;
  usePageTitle(
    compare ? `${title}, versie ${compare.from} en ${compare.to} vergeleken · Formulieren` : `${title} · Formulieren`,
  );

  if (state.status === 'not-found' || (state.status === 'ready' && !latest)) {
    return <NotFoundScreen message={`Het formulier "${formKey}" bestaat niet.`} />;
  }
  if (state.status !== 'ready' || !latest) {
    return (
      <section class="form-screen" aria-busy={state.status === 'loading' ? 'true' : undefined}>
        <FormBreadcrumb formKey={formKey} title={title} />
        <h1>{title}</h1>
        {state.status === 'error' ? (
          <LoadFailed message={`Het formulier kon niet worden geladen. ${state.message}`} onRetry={() => void load()} />
        ) : (
          <p role="status">Het formulier wordt geladen…</p>
        )}
      </section>
    );
  }
  if (compare) {
    const missing = [compare.from, compare.to].find((number) => !versions.some((v) => v.version === number));
    if (missing !== undefined) {
      return (
        <NotFoundScreen
          message={`${title} heeft geen versie ${missing}. De nieuwste versie is versie ${latest.version}.`}
        />
      );
    }
    return (
      <FormVersionComparison formKey={formKey} title={title} versions={versions} from={compare.from} to={compare.to} />
    );
  }
  return (
    <section class="form-screen">
      <FormBreadcrumb formKey={formKey} title={title} />
      <div class="forms-heading">
        <h1>
          {title} <span class="version-tag">versie {latest.version}</span>
        </h1>
        {owner ? (
          <Link href={paths.formEdit(formKey)} class="button">
            Bewerken
          </Link>
        ) : null}
      </div>
      <p class="muted">
        Sleutel <code>{formKey}</code> · laatst gewijzigd op {formatDayTime(latest.createdAt)} door{' '}
        {actorName(names, latest.createdBy)}
      </p>
      <RefreshFailed error={state.refreshError} stale="De versies kunnen verouderd zijn." />
      <FormVersionHistory formKey={formKey} versions={versions} names={names} />
      <RefreshStatus refreshedAt={state.refreshedAt} class="forms-refresh" />
    </section>
  );
}
