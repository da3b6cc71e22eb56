import { useCallback } from 'preact/hooks';
import type { FormSummary, FormVersion } from '../../../server/contract/forms';
import { useLiveConnect, useLiveEvent } from '../../api/live';
import { type LiveResource, useLiveResource } from '../../api/use-live-resource';
import { fetchForms, fetchFormVersions } from './form-api';

/** The latest version of every form, read again when anyone saves a form (`form:saved`). */
export function useForms(): LiveResource<FormSummary[]> {
  const resource = useLiveResource(() => fetchForms(), []);
  const { load } = resource;
  const reload = useCallback(() => void load(), [load]);
  useLiveEvent('form:saved', reload);
  // Events sent while the connection was down never arrive: read again when it comes back.
  useLiveConnect(reload);
  return resource;
}

/**
 * Every version of one form, newest first (the API answers oldest first). Read again when a version
 * of it is saved, and when a diagram is deployed: a deploy pins forms, so "used by" changes.
 */
export function useFormVersions(formKey: string): LiveResource<FormVersion[]> {
  const resource = useLiveResource(
    async () => (await fetchFormVersions(formKey)).sort((a, b) => b.version - a.version),
    [formKey],
  );
  const { load } = resource;
  const onSaved = useCallback(
    (saved: { key: string }) => {
      if (saved.key === formKey) void load();
    },
    [formKey, load],
  );
  const reload = useCallback(() => void load(), [load]);
  useLiveEvent('form:saved', onSaved);
  useLiveEvent('definition:deployed', reload);
  useLiveConnect(reload);
  return resource;
}
