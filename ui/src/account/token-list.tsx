/** The caller's API tokens: what each is for, how to recognise it, when it was last used; revoke with confirmation. */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApiTokens } from '../api/queries.js';
import type { ApiToken } from '../api/types.js';
import { Badge } from '../components/badge.js';
import { ConfirmDialog } from '../components/confirm-dialog.js';
import { QueryView } from '../components/query-view.js';
import { useFormat } from '../format/use-format.js';
import { useRevokeToken } from './token-requests.js';

export function TokenList() {
  const { t } = useTranslation();
  const format = useFormat();
  const tokens = useApiTokens();
  const revoke = useRevokeToken();
  const [revoking, setRevoking] = useState<ApiToken | null>(null);
  const now = Date.now();

  return (
    <>
      <QueryView query={tokens}>
        {(list) =>
          list.length === 0 ? (
            <p className="empty-state">{t('tokens.none')}</p>
          ) : (
            <table className="table middle" data-testid="token-list">
              <thead>
                <tr>
                  <th>{t('tokens.name')}</th>
                  <th>{t('tokens.prefix')}</th>
                  <th className="wide-only">{t('tokens.created')}</th>
                  <th>{t('tokens.lastUsed')}</th>
                  <th>{t('tokens.expires')}</th>
                  <th>{t('users.status')}</th>
                  <th>
                    <span className="visually-hidden">{t('users.actions')}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {list.map((token) => {
                  const expired = token.expiresAt !== null && Date.parse(token.expiresAt) <= now;
                  const active = token.revokedAt === null && !expired;
                  return (
                    <tr key={token.id} data-token={token.name} className={active ? undefined : 'disabled'}>
                      <td>{token.name}</td>
                      <td>
                        <code>{token.prefix}…</code>
                      </td>
                      <td className="nowrap wide-only">{format.dateTime(token.createdAt)}</td>
                      <td className="nowrap">
                        {token.lastUsedAt === null ? (
                          <span className="muted">{t('tokens.never')}</span>
                        ) : (
                          <time dateTime={token.lastUsedAt} title={format.dateTime(token.lastUsedAt)}>
                            {format.relative(token.lastUsedAt)}
                          </time>
                        )}
                      </td>
                      <td className="nowrap">
                        {token.expiresAt === null ? (
                          <span className="muted">{t('tokens.noExpiry')}</span>
                        ) : (
                          format.dateTime(token.expiresAt)
                        )}
                      </td>
                      <td>
                        {token.revokedAt !== null ? (
                          <>
                            <Badge tone="neutral">{t('tokens.revoked')}</Badge>
                            <span className="muted small block nowrap">
                              {format.dateTime(token.revokedAt)}
                            </span>
                          </>
                        ) : expired ? (
                          <Badge tone="warning">{t('tokens.expired')}</Badge>
                        ) : (
                          <Badge tone="success">{t('tokens.active')}</Badge>
                        )}
                      </td>
                      <td className="numeric">
                        {token.revokedAt === null && (
                          <button
                            type="button"
                            className="button small danger-outline"
                            onClick={() => {
                              revoke.reset();
                              setRevoking(token);
                            }}
                          >
                            {t('tokens.revoke')}
                          </button>
                        )}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          )
        }
      </QueryView>
      {revoking !== null && (
        <ConfirmDialog
          title={t('tokens.revokeTitle', { name: revoking.name })}
          confirmLabel={t('tokens.revoke')}
          tone="danger"
          pending={revoke.isPending}
          error={revoke.error}
          onConfirm={() => revoke.mutate(revoking.id, { onSuccess: () => setRevoking(null) })}
          onClose={() => setRevoking(null)}
          testId="revoke-dialog"
        >
          <p>{t('tokens.revokeBody', { prefix: revoking.prefix })}</p>
        </ConfirmDialog>
      )}
    </>
  );
}
