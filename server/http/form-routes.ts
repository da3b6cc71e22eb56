import type { FormComparison, FormSummary, FormVersion } from '../contract/api';
import { compareFormSchemas } from '../forms/form-comparison';
import type { FormRegistry } from '../forms/form-registry';
import type { Handler } from './api-routes';
import { notFound } from './problem';

type FormRoutes = typeof import('../contract/routes/forms').FORM_ROUTES;

export interface FormRouteDeps {
  forms: FormRegistry;
  /**
   * The diagram versions that use a form version (DefinitionRegistry.pinnedBy): asynchronous,
   * because a version deployed before pinning names its forms only in its diagram.
   */
  usedBy?: (key: string, version: number) => Promise<FormVersion['usedBy']> | FormVersion['usedBy'];
}

/** The handlers of the versioned forms (server/contract/routes/forms.ts). */
export function formHandlers(deps: FormRouteDeps): { [N in keyof FormRoutes]: Handler<FormRoutes[N]> } {
  const usedBy = deps.usedBy ?? (() => []);
  return {
    listForms: (_input, _request, response) => {
      response.json(
        deps.forms.latestVersions().map((meta) => ({
          key: meta.key,
          version: meta.version,
          title: meta.title,
          updatedAt: meta.createdAt,
          updatedBy: meta.createdBy,
        })) satisfies FormSummary[],
      );
    },
    getForm: async ({ params, query }, _request, response) => {
      const version = query.version === undefined ? deps.forms.latest(params.key)?.version : Number(query.version);
      const schema = version === undefined ? undefined : await deps.forms.schema(params.key, version);
      if (!schema) {
        throw notFound(
          deps.forms.latest(params.key) ? 'Deze versie van het formulier bestaat niet.' : 'Dit formulier bestaat niet.',
        );
      }
      response.json(schema);
    },
    saveForm: async ({ user, query, body }, _request, response) => {
      const note = query.note?.trim();
      const { created, ...saved } = await deps.forms.save(body, user.id, note || undefined);
      response.status(created ? 201 : 200).json(saved);
    },
    listFormVersions: async ({ params }, _request, response) => {
      const versions = deps.forms.versions(params.key);
      if (!versions) throw notFound('Dit formulier bestaat niet.');
      const listed: FormVersion[] = [];
      for (const meta of versions) listed.push({ ...meta, usedBy: await usedBy(meta.key, meta.version) });
      response.json(listed);
    },
    compareFormVersions: async ({ params, query }, _request, response) => {
      const [from, to] = [Number(query.from), Number(query.to)];
      const [before, after] = await Promise.all([
        deps.forms.schema(params.key, from),
        deps.forms.schema(params.key, to),
      ]);
      if (!before || !after) {
        throw notFound(
          deps.forms.latest(params.key)
            ? 'Een van deze versies van het formulier bestaat niet.'
            : 'Dit formulier bestaat niet.',
        );
      }
      response.json({ key: params.key, from, to, ...compareFormSchemas(before, after) } satisfies FormComparison);
    },
  };
}
