/** The overview: who the customer is, the contract, what the rack holds, and the last change applied. */
import { useTranslation } from 'react-i18next';
import { useInventorySummary, useObjects } from '../api/queries.js';
import type { InventorySummary } from '../api/types.js';
import { PageHeader } from '../components/page-header.js';
import { QueryView } from '../components/query-view.js';
import { isScopedToOwnWork } from '../session/access.js';
import { useMe } from '../session/session-context.js';
import { displayName } from '../spec/spec-access.js';
import { ContactsPanel } from './contacts-panel.js';
import { type CountTile, CountTiles } from './count-tiles.js';
import { CustomerPanel } from './customer-panel.js';
import { HypervisorsPanel } from './hypervisors-panel.js';
import { LastApplyPanel } from './last-apply-panel.js';
import { OwnWorkPanel } from './own-work-panel.js';
import { RackThumbnailPanel } from './rack-thumbnail-panel.js';

const INFRASTRUCTURE_TILES: readonly CountTile[] = [
  { kind: 'device', to: '/rack' },
  { kind: 'vm', to: '/hypervisors' },
  { kind: 'service', to: '/hosts' },
  { kind: 'website', to: '/websites' },
  { kind: 'database', to: '/databases' },
  { kind: 'person', to: '/people' },
];

const OWN_WORK_TILES: readonly CountTile[] = [
  { kind: 'website', to: '/websites' },
  { kind: 'database', to: '/databases' },
];

export function OverviewPage() {
  const { t } = useTranslation();
  const me = useMe();
  const summary = useInventorySummary();
  const scoped = isScopedToOwnWork(me);
  const customers = useObjects('customer', !scoped);
  const customer = customers.data?.[0];

  return (
    <>
      <PageHeader
        title={t('overview.title')}
        subtitle={
          scoped
            ? t('overview.subtitleOwnWork')
            : customer === undefined
              ? t('overview.subtitle')
              : t('overview.subtitleCustomer', { name: displayName(customer) })
        }
      />
      <QueryView query={summary}>
        {(data: InventorySummary) =>
          scoped ? (
            <>
              <CountTiles counts={data.counts} tiles={OWN_WORK_TILES} />
              <OwnWorkPanel />
            </>
          ) : (
            <>
              <CountTiles counts={data.counts} tiles={INFRASTRUCTURE_TILES} />
              <div className="overview-grid">
                <CustomerPanel />
                <div className="overview-column">
                  <LastApplyPanel revision={data.lastRevision} />
                  <ContactsPanel />
                </div>
                <RackThumbnailPanel />
                <HypervisorsPanel />
              </div>
            </>
          )
        }
      </QueryView>
    </>
  );
}
