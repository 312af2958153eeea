/** The caller's API tokens over the API: create (the token is in the answer, once) and revoke. */
import { type UseMutationResult, useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '../api/client.js';
import type { CreatedApiToken } from '../api/types.js';

export interface NewToken {
  readonly name: string;
  /** An ISO instant, or null for a token that does not expire. */
  readonly expiresAt: string | null;
}

export function useCreateToken(): UseMutationResult<CreatedApiToken, Error, NewToken> {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (token: NewToken) => apiRequest<CreatedApiToken>('POST', '/me/tokens', token),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['/me/tokens'] }),
  });
}

export function useRevokeToken(): UseMutationResult<void, Error, string> {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => apiRequest<void>('DELETE', `/me/tokens/${encodeURIComponent(id)}`),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['/me/tokens'] }),
  });
}
