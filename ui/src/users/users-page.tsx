/** The accounts that can log into Vigie, their roles and language (read-only here; `vigie user` manages them). */
import { useTranslation } from 'react-i18next';
import { useUsers } from '../api/queries.js';
import { Badge } from '../components/badge.js';
import { ObjectLink } from '../components/object-link.js';
import { PageHeader } from '../components/page-header.js';
import { QueryView } from '../components/query-view.js';
import { useFormat } from '../format/use-format.js';

export function UsersPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const users = useUsers();
  return (
    <>
      <PageHeader title={t('users.title')} subtitle={t('users.subtitle')} />
      <section className="panel flush">
        <QueryView query={users} fullPageErrors>
          {(list) =>
            list.length === 0 ? (
              <p className="empty-state">{t('users.none')}</p>
            ) : (
              <table className="table" data-testid="users-table">
                <thead>
                  <tr>
                    <th>{t('users.username')}</th>
                    <th>{t('users.displayName')}</th>
                    <th>{t('users.role')}</th>
                    <th>{t('kind.person')}</th>
                    <th>{t('users.language')}</th>
                    <th>{t('users.status')}</th>
                    <th>{t('users.created')}</th>
                  </tr>
                </thead>
                <tbody>
                  {list.map((user) => (
                    <tr key={user.id} className={user.disabled ? 'disabled' : undefined}>
                      <td className="mono">{user.username}</td>
                      <td>{user.displayName}</td>
                      <td>{t(`role.${user.role}`)}</td>
                      <td>
                        {user.personKey === null ? (
                          <span className="muted">—</span>
                        ) : (
                          <ObjectLink kind="person" objectKey={user.personKey} />
                        )}
                      </td>
                      <td>{t(`language.name.${user.locale}`)}</td>
                      <td>
                        {user.disabled ? (
                          <Badge tone="warning">{t('users.disabled')}</Badge>
                        ) : (
                          <Badge tone="success">{t('users.active')}</Badge>
                        )}
                      </td>
                      <td className="nowrap">
                        {user.createdAt === undefined ? '—' : format.date(user.createdAt)}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )
          }
        </QueryView>
      </section>
    </>
  );
}
