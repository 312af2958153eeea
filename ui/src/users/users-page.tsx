/**
 * The accounts that can log into Vigie, their roles and language. Administrators (`users:manage`) add
 * accounts, change roles, reset passwords and disable or enable accounts; others with `users:read` only read.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useUsers } from '../api/queries.js';
import type { UserAccount } from '../api/types.js';
import { Badge } from '../components/badge.js';
import { ObjectLink } from '../components/object-link.js';
import { PageHeader } from '../components/page-header.js';
import { QueryView } from '../components/query-view.js';
import { SecretDialog } from '../components/secret-dialog.js';
import { useFormat } from '../format/use-format.js';
import { useMe } from '../session/session-context.js';
import { CreateUserDialog } from './create-user-dialog.js';
import { DisableUserDialog } from './disable-user-dialog.js';
import { EditUserDialog } from './edit-user-dialog.js';
import { ResetPasswordDialog } from './reset-password-dialog.js';

/** Which dialog is open, and for which account. */
type Dialog =
  | { readonly kind: 'create' }
  | { readonly kind: 'edit' | 'reset' | 'disable'; readonly user: UserAccount }
  | { readonly kind: 'password'; readonly user: UserAccount; readonly password: string }
  | null;

export function UsersPage() {
  const { t } = useTranslation();
  const me = useMe();
  const users = useUsers();
  const manage = me.permissions.includes('users:manage');
  const [dialog, setDialog] = useState<Dialog>(null);
  const [done, setDone] = useState<string | null>(null);

  const finish = (message: string) => {
    setDialog(null);
    setDone(message);
  };
  /** A generated password is shown once, in its own dialog; the page says what was done either way. */
  const passwordOrDone = (user: UserAccount, password: string | undefined, message: string) => {
    setDone(message);
    setDialog(password === undefined ? null : { kind: 'password', user, password });
  };

  return (
    <>
      <PageHeader
        title={t('users.title')}
        subtitle={t('users.subtitle')}
        {...(manage
          ? {
              actions: (
                <button
                  type="button"
                  className="button primary"
                  data-testid="add-user"
                  onClick={() => {
                    setDone(null);
                    setDialog({ kind: 'create' });
                  }}
                >
                  {t('users.create.button')}
                </button>
              ),
            }
          : {})}
      />
      {!manage && <p className="notice notice-info">{t('users.readOnly')}</p>}
      {done !== null && (
        <p className="notice notice-success" role="status" data-testid="users-done">
          {done}
        </p>
      )}
      <section className="panel flush">
        <QueryView query={users} fullPageErrors>
          {(list) =>
            list.length === 0 ? (
              <p className="empty-state">{t('users.none')}</p>
            ) : (
              <UsersTable
                users={list}
                meId={me.id}
                manage={manage}
                onAction={(kind, user) => {
                  setDone(null);
                  setDialog({ kind, user });
                }}
              />
            )
          }
        </QueryView>
      </section>
      {dialog?.kind === 'create' && (
        <CreateUserDialog
          onClose={() => setDialog(null)}
          onCreated={(user, password) =>
            passwordOrDone(user, password, t('users.create.done', { username: user.username }))
          }
        />
      )}
      {dialog?.kind === 'edit' && (
        <EditUserDialog
          user={dialog.user}
          onClose={() => setDialog(null)}
          onSaved={(user) => finish(t('users.edit.done', { username: user.username }))}
        />
      )}
      {dialog?.kind === 'reset' && (
        <ResetPasswordDialog
          user={dialog.user}
          onClose={() => setDialog(null)}
          onReset={(user, password) =>
            passwordOrDone(user, password, t('users.reset.done', { username: user.username }))
          }
        />
      )}
      {dialog?.kind === 'disable' && (
        <DisableUserDialog
          user={dialog.user}
          onClose={() => setDialog(null)}
          onDone={(user) =>
            finish(t(user.disabled ? 'users.disable.done' : 'users.enable.done', { username: user.username }))
          }
        />
      )}
      {dialog?.kind === 'password' && (
        <SecretDialog
          title={t('users.password.title', { username: dialog.user.username })}
          intro={t('users.password.intro', { name: dialog.user.displayName })}
          secret={dialog.password}
          onClose={() => setDialog(null)}
          testId="user-password"
        />
      )}
    </>
  );
}

interface UsersTableProps {
  readonly users: readonly UserAccount[];
  readonly meId: string;
  readonly manage: boolean;
  readonly onAction: (kind: 'edit' | 'reset' | 'disable', user: UserAccount) => void;
}

function UsersTable({ users, meId, manage, onAction }: UsersTableProps) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <table className="table middle" data-testid="users-table">
      <thead>
        <tr>
          <th>{t('users.username')}</th>
          <th>{t('users.displayName')}</th>
          <th>{t('users.role')}</th>
          <th>{t('kind.person')}</th>
          <th className="wide-only">{t('users.language')}</th>
          <th>{t('users.status')}</th>
          <th className="wide-only">{t('users.created')}</th>
          {manage && (
            <th>
              <span className="visually-hidden">{t('users.actions')}</span>
            </th>
          )}
        </tr>
      </thead>
      <tbody>
        {users.map((user) => (
          <tr key={user.id} className={user.disabled ? 'disabled' : undefined} data-username={user.username}>
            <td className="mono">
              {user.username}
              {user.id === meId && <span className="muted small"> ({t('users.you')})</span>}
            </td>
            <td>{user.displayName}</td>
            <td>{t(`role.${user.role}`)}</td>
            <td>
              {user.personKey === null ? (
                <span className="muted">—</span>
              ) : (
                <ObjectLink kind="person" objectKey={user.personKey} />
              )}
            </td>
            <td className="wide-only">{t(`language.name.${user.locale}`)}</td>
            <td>
              {user.disabled ? (
                <Badge tone="warning">{t('users.disabled')}</Badge>
              ) : (
                <Badge tone="success">{t('users.active')}</Badge>
              )}
            </td>
            <td className="nowrap wide-only">
              {user.createdAt === undefined ? '—' : format.date(user.createdAt)}
            </td>
            {manage && (
              <td className="row-actions">
                <button type="button" className="button small" onClick={() => onAction('edit', user)}>
                  {t('users.edit.button')}
                </button>
                {/* Not on one's own row: a reset ends one's own session, a disable locks oneself out. */}
                {user.id !== meId && (
                  <button type="button" className="button small" onClick={() => onAction('reset', user)}>
                    {t('users.reset.button')}
                  </button>
                )}
                {user.id !== meId && (
                  <button
                    type="button"
                    className={user.disabled ? 'button small' : 'button small danger-outline'}
                    onClick={() => onAction('disable', user)}
                  >
                    {user.disabled ? t('users.enable.button') : t('users.disable.button')}
                  </button>
                )}
              </td>
            )}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
