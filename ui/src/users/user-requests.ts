/** Account administration over the API: add, change, reset a password; each refreshes the list of accounts. */
import { type UseMutationResult, useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '../api/client.js';
import type { AccountWithPassword, Role, UserAccount } from '../api/types.js';

export interface NewAccount {
  readonly username: string;
  readonly role: Role;
  readonly displayName?: string;
  readonly email?: string | null;
  readonly personKey?: string | null;
  /** Left out, the server generates one and returns it once. */
  readonly password?: string;
}

export interface AccountChanges {
  readonly role?: Role;
  readonly disabled?: boolean;
  readonly displayName?: string;
  readonly email?: string | null;
  readonly personKey?: string | null;
}

export function useCreateUser(): UseMutationResult<AccountWithPassword, Error, NewAccount> {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (account: NewAccount) => apiRequest<AccountWithPassword>('POST', '/users', account),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['/users'] }),
  });
}

export function useUpdateUser(): UseMutationResult<
  { user: UserAccount },
  Error,
  { id: string; changes: AccountChanges }
> {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, changes }: { id: string; changes: AccountChanges }) =>
      apiRequest<{ user: UserAccount }>('PATCH', `/users/${encodeURIComponent(id)}`, changes),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['/users'] }),
  });
}

/** Without `password`, the server generates one and returns it once; the account's sessions end either way. */
export function useResetPassword(): UseMutationResult<
  AccountWithPassword,
  Error,
  { id: string; password?: string }
> {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, password }: { id: string; password?: string }) =>
      apiRequest<AccountWithPassword>(
        'POST',
        `/users/${encodeURIComponent(id)}/reset-password`,
        password === undefined ? {} : { password },
      ),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['/users'] }),
  });
}
