/** Databases as a table: engine, server, owner, public or internal. */
import { useTranslation } from 'react-i18next';
import type { InventoryObject } from '../api/types.js';
import { Badge } from '../components/badge.js';
import { ObjectLink } from '../components/object-link.js';
import { ServiceRef } from '../components/service-ref.js';
import { displayName, specText } from '../spec/spec-access.js';

const ENGINE_LABELS: Readonly<Record<string, string>> = {
  postgresql: 'PostgreSQL',
  postgres: 'PostgreSQL',
  mariadb: 'MariaDB',
  mysql: 'MySQL',
};

export function DatabasesTable({ databases }: { readonly databases: readonly InventoryObject[] }) {
  const { t } = useTranslation();
  if (databases.length === 0) return <p className="empty-state">{t('databases.none')}</p>;
  return (
    <table className="table" data-testid="databases-table">
      <thead>
        <tr>
          <th>{t('field.name')}</th>
          <th>{t('databases.engine')}</th>
          <th>{t('databases.server')}</th>
          <th>{t('databases.owner')}</th>
          <th>{t('databases.visibility')}</th>
        </tr>
      </thead>
      <tbody>
        {databases.map((database) => {
          const engine = specText(database.spec, 'engine');
          const visibility = specText(database.spec, 'visibility');
          const dbName = specText(database.spec, 'name');
          return (
            <tr key={database.key}>
              <td>
                <ObjectLink kind="database" objectKey={database.key}>
                  {displayName(database)}
                </ObjectLink>
                {dbName !== undefined && dbName !== displayName(database) && (
                  <div className="muted small mono">{dbName}</div>
                )}
              </td>
              <td>{engine === undefined ? '—' : (ENGINE_LABELS[engine.toLowerCase()] ?? engine)}</td>
              <td>
                <ServiceRef serviceKey={specText(database.spec, 'server')} />
              </td>
              <td className="mono">{specText(database.spec, 'owner') ?? '—'}</td>
              <td>
                {visibility === 'public' ? (
                  <Badge tone="accent">{t('databases.public')}</Badge>
                ) : visibility === undefined ? (
                  '—'
                ) : (
                  <Badge>{t('databases.internal')}</Badge>
                )}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
