/** Checkpoints over the API: sign one (recorded in the chain), and verify the chain against one. */
import { type UseMutationResult, useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '../api/client.js';
import type { CheckpointStatement, CheckpointVerification } from '../api/types.js';

/** Signs a checkpoint; the audit list and verification are then stale (the checkpoint is an event). */
export function useCreateCheckpoint(): UseMutationResult<CheckpointStatement, Error, void> {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => apiRequest<CheckpointStatement>('POST', '/audit/checkpoint'),
    onSuccess: () =>
      void queryClient.invalidateQueries({
        predicate: (query) => typeof query.queryKey[0] === 'string' && query.queryKey[0].startsWith('/audit'),
      }),
  });
}

export function useVerifyCheckpoint(): UseMutationResult<CheckpointVerification, Error, unknown> {
  return useMutation({
    mutationFn: (checkpoint: unknown) =>
      apiRequest<CheckpointVerification>('POST', '/audit/verify', { checkpoint }),
  });
}
