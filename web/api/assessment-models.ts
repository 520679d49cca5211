import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiGet, apiSend } from './client.ts';
import type { components } from './schema.d.ts';

// The organisation's registry of assessment models (server/modules/assessment-models/registry-routes.ts):
// TMA's shipped models and the organisation's own, each version a draft (editable), active (frozen with its
// content hash; one per model) or retired (readable forever). A draft is published only when it is valid,
// its fixtures pass and its version follows the last one as the machine diff requires (`check`).

type Schemas = components['schemas'];

export type ModelList = Schemas['ModelList'];
export type ModelSummary = Schemas['ModelSummary'];
export type ModelVersionSummary = Schemas['ModelVersionSummary'];
export type ModelVersionView = Schemas['ModelVersion'];
export type ModelCheck = Schemas['ModelCheck'];
export type ModelChange = Schemas['ModelChange'];
export type FixtureOutcome = Schemas['FixtureOutcome'];
export type ModelDefinition = Schemas['AssessmentModel'];
export type ModelStatus = ModelVersionSummary['status'];
export type ExportFormat = 'json' | 'fhir';

const root = '/api/v1/assessment-models';
const versionPath = (modelId: string, version: string) =>
  `${root}/${encodeURIComponent(modelId)}/versions/${encodeURIComponent(version)}`;

const modelsKey = ['assessment-models'] as const;
const versionKey = (modelId: string, version: string) => [...modelsKey, 'version', modelId, version] as const;

/** Every model of the organisation with its versions, newest first, and whether the user may change them. */
export function useAssessmentModels() {
  return useQuery({
    queryKey: [...modelsKey, 'list'],
    queryFn: ({ signal }) => apiGet<ModelList>(root, { signal }),
  });
}

/** One version with its definition; a draft with what publishing would say about it now (`check`). */
export function useModelVersion(modelId: string, version: string) {
  return useQuery({
    queryKey: versionKey(modelId, version),
    queryFn: ({ signal }) => apiGet<ModelVersionView>(versionPath(modelId, version), { signal }),
  });
}

/** After a change: the version as answered, the list (statuses, versions) loaded again. */
function useRegistryChange<I>(send: (input: I) => Promise<ModelVersionView>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: send,
    onSuccess: async (view) => {
      queryClient.setQueryData(versionKey(view.modelId, view.version), view);
      await queryClient.invalidateQueries({
        predicate: (query) =>
          query.queryKey[0] === modelsKey[0] &&
          !(query.queryKey[2] === view.modelId && query.queryKey[3] === view.version),
      });
    },
  });
}

/** Starts a new version as a draft copied from `from`; `version` must be higher than every existing one. */
export function useNewModelDraft() {
  return useRegistryChange(({ modelId, from, version }: { modelId: string; from: string; version: string }) =>
    apiSend<ModelVersionView>('POST', `${root}/${encodeURIComponent(modelId)}/drafts`, { from, version }),
  );
}

/** Starts a new model of the organisation as a draft 1.0.0 copied from a version of another. */
export function useCopyAsNewModel() {
  return useRegistryChange(
    ({
      modelId,
      version,
      newModelId,
      title,
    }: {
      modelId: string;
      version: string;
      newModelId: string;
      title: { en: string; de: string };
    }) =>
      apiSend<ModelVersionView>('POST', `${versionPath(modelId, version)}/copy`, {
        modelId: newModelId,
        title,
      }),
  );
}

/** Replaces a draft's definition; answers it with the new `check`. 422 `model_invalid` names each problem. */
export function useSaveModelDraft(modelId: string, version: string) {
  return useRegistryChange((definition: ModelDefinition) =>
    apiSend<ModelVersionView>('PUT', versionPath(modelId, version), { definition }),
  );
}

/** Publishes a draft (422 `model_not_publishable` with each problem); the active version is retired. */
export function usePublishModelVersion() {
  return useRegistryChange(({ modelId, version }: { modelId: string; version: string }) =>
    apiSend<ModelVersionView>('POST', `${versionPath(modelId, version)}/publish`),
  );
}

/** Retires the active version: no new assessments with it, readable forever. */
export function useRetireModelVersion() {
  return useRegistryChange(({ modelId, version }: { modelId: string; version: string }) =>
    apiSend<ModelVersionView>('POST', `${versionPath(modelId, version)}/retire`),
  );
}

/** Discards a draft. */
export function useDiscardModelDraft() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ modelId, version }: { modelId: string; version: string }) =>
      apiSend('DELETE', versionPath(modelId, version)),
    onSuccess: (_, { modelId, version }) => {
      queryClient.removeQueries({ queryKey: versionKey(modelId, version) });
      return queryClient.invalidateQueries({ queryKey: [...modelsKey, 'list'] });
    },
  });
}

/** Imports a model file as a draft of the organisation (or publishes it at once with `publish`). */
export function useImportModel() {
  return useRegistryChange(({ definition, publish }: { definition: unknown; publish?: boolean }) =>
    apiSend<ModelVersionView>('POST', root, { definition, ...(publish ? { publish } : {}) }),
  );
}

/** What publishing a definition would say (problems, fixtures, diff), without saving it. */
export function checkModelDefinition(definition: unknown, signal?: AbortSignal): Promise<ModelCheck> {
  return apiSend<ModelCheck>('POST', `${root}/check`, { definition }, { signal });
}

/**
 * Where a version downloads as a file: our JSON, or an HL7 FHIR Questionnaire in a language. A plain link
 * (GET with the session cookie) lets the browser save it under the server's file name.
 */
export function modelExportUrl(
  modelId: string,
  version: string,
  format: ExportFormat,
  language: 'en' | 'de' = 'en',
): string {
  const query = new URLSearchParams({ format });
  if (format === 'fhir') query.set('language', language);
  return `${versionPath(modelId, version)}/export?${query}`;
}

/** The page of a model version in the app. */
export const modelVersionPage = (modelId: string, version: string) =>
  `/assessment-models/${encodeURIComponent(modelId)}/${encodeURIComponent(version)}`;
