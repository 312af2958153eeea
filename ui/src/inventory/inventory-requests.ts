/** The inventory's write side over the API: check files (validate, then plan), and apply a reviewed plan. */
import { type UseMutationResult, useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '../api/client.js';
import type { ApplyResult, InventoryFile, PlanResult, ValidateResult } from '../api/types.js';

export interface CheckResult {
  readonly validation: ValidateResult;
  /** Null when the files have errors: there is nothing to plan. */
  readonly planned: PlanResult | null;
}

/** Validates the files and, when they hold no error, plans them against the store. */
export function useInventoryCheck(): UseMutationResult<CheckResult, Error, readonly InventoryFile[]> {
  return useMutation({
    mutationFn: async (files: readonly InventoryFile[]) => {
      const validation = await apiRequest<ValidateResult>('POST', '/inventory/validate', { files });
      if (!validation.ok) return { validation, planned: null };
      const planned = await apiRequest<PlanResult>('POST', '/inventory/plan', { files });
      return { validation, planned };
    },
  });
}

export interface ApplyRequest {
  readonly files: readonly InventoryFile[];
  /** The digest of the plan the user reviewed: the server refuses (409) if the plan is no longer that. */
  readonly digest: string;
}

/** Applies the reviewed plan; every cached read is then stale, so every page shows the new inventory. */
export function useInventoryApply(): UseMutationResult<ApplyResult, Error, ApplyRequest> {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (request: ApplyRequest) => apiRequest<ApplyResult>('POST', '/inventory/apply', request),
    onSuccess: () => {
      void queryClient.invalidateQueries();
    },
  });
}
