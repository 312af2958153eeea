/** Checkpoints over the API: sign one (recorded in the chain), and verify the chain against one. */
import { type UseMutationResult, useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '../api/client.js';
import type { CheckpointStatement } from '../api/types.js';
import { AUDIT_CHAIN, type ChainCheckpointVerification, type CheckpointChain } from './checkpoint-chain.js';

/** Signs a checkpoint; the audit list and verification are then stale (the checkpoint is an event). */
export function useCreateCheckpoint(
  chain: CheckpointChain = AUDIT_CHAIN,
): UseMutationResult<CheckpointStatement, Error, void> {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => apiRequest<CheckpointStatement>('POST', chain.createPath),
    onSuccess: () =>
      void queryClient.invalidateQueries({
        predicate: (query) => {
          const key = query.queryKey[0];
          return typeof key === 'string' && chain.stalePrefixes.some((prefix) => key.startsWith(prefix));
        },
      }),
  });
}

export function useVerifyCheckpoint(
  chain: CheckpointChain = AUDIT_CHAIN,
): UseMutationResult<ChainCheckpointVerification, Error, unknown> {
  return useMutation({
    mutationFn: (checkpoint: unknown) =>
      apiRequest<ChainCheckpointVerification>('POST', chain.verifyPath, { checkpoint }),
  });
}
