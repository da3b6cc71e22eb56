import { useEffect, useState } from 'preact/hooks';
import type { FormSchema } from '../../server/contract/api';
import { ApiError, messageOf } from '../api/http';
import { Link, paths } from '../app/router';
import { useUser } from '../app/session';
import { listForms, loadForm } from '../components/form-editor/form-api';
import { LazyFormEditorPanel } from '../components/form-editor/lazy-form-editor-panel';
import { newFormSchema } from '../components/form-editor/new-form-schema';
import { usePageTitle } from '../components/page-title';
import { NotFoundScreen } from './not-found-screen';

type Loaded =
  | { status: 'loading' }
  | { status: 'missing' }
  | { status: 'error'; message: string }
  | { status: 'ready'; schema: FormSchema };

/**
 * The form editor at `/formulieren/nieuw` and `/formulieren/:key/bewerken`: a process owner builds
 * or changes a form and saves it as a new version. Without a diagram at hand it shows no routing
 * hints; opened from the modeler ("Nieuw formulier") it does.
 */
export function FormEditorScreen({ formKey }: { formKey: string | undefined }) {
  const isOwner = useUser().roles.includes('proceseigenaar');
  const [loaded, setLoaded] = useState<Loaded>(() =>
    formKey === undefined ? { status: 'ready', schema: newFormSchema() } : { status: 'loading' },
  );
  // A new form keeps its editor after the first save; from then on it edits that key.
  const [savedKey, setSavedKey] = useState<string | undefined>(undefined);
  const [dirty, setDirty] = useState(false);
  const [existingKeys, setExistingKeys] = useState<ReadonlySet<string>>(new Set());
  const key = formKey ?? savedKey;
  usePageTitle(key ? `Formulier ${key} bewerken · Formulieren` : 'Nieuw formulier · Formulieren');

  useEffect(() => {
    if (formKey === undefined || !isOwner) return;
    let alive = true;
    loadForm(formKey)
      .then((schema) => alive && setLoaded({ status: 'ready', schema }))
      .catch((error: unknown) => {
        if (!alive) return;
        if (error instanceof ApiError && error.status === 404) setLoaded({ status: 'missing' });
        else setLoaded({ status: 'error', message: messageOf(error) });
      });
    return () => {
      alive = false;
    };
  }, [formKey, isOwner]);

  // A new form may not take the key of one that exists.
  useEffect(() => {
    if (formKey !== undefined || !isOwner) return;
    let alive = true;
    listForms()
      .then((forms) => alive && setExistingKeys(new Set(forms.map((form) => form.key))))
      .catch(() => {
        // The server refuses nothing here: saving under a taken key would add a version to that
        // form, so without the list the editor cannot warn; the save still names the version.
      });
    return () => {
      alive = false;
    };
  }, [formKey, isOwner]);

  // Unsaved edits are not lost to a closed tab or a reload without a warning.
  useEffect(() => {
    if (!dirty) return;
    const warn = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [dirty]);

  if (!isOwner)
    return (
      <section>
        <h1>Formulier bewerken</h1>
        <p>Alleen een proceseigenaar kan formulieren maken en wijzigen.</p>
      </section>
    );
  if (loaded.status === 'missing') return <NotFoundScreen message={`Het formulier "${formKey}" bestaat niet.`} />;

  return (
    <section class="form-editor-page">
      <p class="breadcrumb">
        <Link href="/formulieren">Formulieren</Link>
        <span aria-hidden="true"> › </span>
        <span>{key ? `${key} bewerken` : 'Nieuw formulier'}</span>
      </p>
      <h1>{key ? `Formulier ${key} bewerken` : 'Nieuw formulier'}</h1>
      {loaded.status === 'loading' ? (
        <p role="status">Het formulier wordt geladen…</p>
      ) : loaded.status === 'error' ? (
        <p class="notice error" role="alert">
          Het formulier kon niet worden geladen. {loaded.message}
        </p>
      ) : (
        <LazyFormEditorPanel
          formKey={key}
          initialSchema={loaded.schema}
          existingKeys={existingKeys}
          expressions={undefined}
          headingLevel={2}
          idPrefix="formulier"
          onDirty={setDirty}
          onSaved={(saved) => {
            if (formKey === undefined) {
              setSavedKey(saved);
              // The address of what the editor now holds, without reloading it.
              history.replaceState(null, '', paths.formEdit(saved));
            }
          }}
        />
      )}
    </section>
  );
}
