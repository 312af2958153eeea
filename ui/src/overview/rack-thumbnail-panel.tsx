/** A small drawing of the customer's rack on the overview, linking to the full elevation. */
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useObjects, useRackElevation } from '../api/queries.js';
import type { InventoryObject } from '../api/types.js';
import { QueryView } from '../components/query-view.js';
import { RackElevation } from '../rack/rack-elevation.js';
import { rackHeightOf } from '../rack/rack-height.js';
import { displayName } from '../spec/spec-access.js';

export function RackThumbnailPanel() {
  const { t } = useTranslation();
  const racks = useObjects('rack');
  return (
    <section className="panel rack-thumbnail-panel">
      <QueryView query={racks}>
        {(items) => {
          const first = items[0];
          if (first === undefined) {
            return (
              <>
                <h2>{t('nav.rack')}</h2>
                <p className="muted">{t('rack.none')}</p>
              </>
            );
          }
          return <RackThumbnail rack={first} />;
        }}
      </QueryView>
    </section>
  );
}

function RackThumbnail({ rack }: { readonly rack: InventoryObject }) {
  const { t } = useTranslation();
  const elevation = useRackElevation(rack.key);
  return (
    <>
      <h2>{t('rack.named', { name: displayName(rack) })}</h2>
      <QueryView query={elevation}>
        {(data) => (
          <Link to="/rack" className="rack-thumbnail-link" aria-label={t('overview.openRack')}>
            <RackElevation height={rackHeightOf(data)} devices={data.devices} compact />
          </Link>
        )}
      </QueryView>
      <Link to="/rack" className="panel-link">
        {t('overview.openRack')} →
      </Link>
    </>
  );
}
