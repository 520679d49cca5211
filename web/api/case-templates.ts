import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiGet, apiSend } from './client.ts';
import type {
  CaseTemplate,
  CaseTemplateChange,
  CaseTemplateDefinition,
  CaseTemplateList,
  CaseTemplateTask,
  NewCaseTemplate,
} from './types.ts';

export type { CaseTemplate, CaseTemplateDefinition, CaseTemplateList, CaseTemplateTask, NewCaseTemplate };

const templatesKey = ['case-templates'] as const;

/**
 * The organisation's case templates: TMA's (perhaps changed) and its own, switched-off ones included; `can`
 * says whether the user may configure them (admins).
 */
export function useCaseTemplates(enabled = true) {
  return useQuery({
    queryKey: templatesKey,
    queryFn: ({ signal }) => apiGet<CaseTemplateList>('/api/v1/case-templates', { signal }),
    staleTime: 5 * 60_000,
    enabled,
  });
}

/** Adds an own template (admins; audited). */
export function useCreateCaseTemplate() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: NewCaseTemplate) => apiSend<CaseTemplate>('POST', '/api/v1/case-templates', input),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: templatesKey }),
  });
}

/** Changes a template, switches it off or on, or resets one of TMA's to its default (admins; audited). */
export function useUpdateCaseTemplate() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ key, change }: { key: string; change: CaseTemplateChange }) =>
      apiSend<CaseTemplate>('PATCH', `/api/v1/case-templates/${encodeURIComponent(key)}`, change),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: templatesKey }),
  });
}
