/** The rack elevation page: the drawing, its legend, and the devices listed by unit. */
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { useObjects, useRackElevation } from '../api/queries.js';
import type { RackElevation as Elevation, Spec } from '../api/types.js';
import { ObjectLink } from '../components/object-link.js';
import { PageHeader } from '../components/page-header.js';
import { QueryView } from '../components/query-view.js';
import { useFormat } from '../format/use-format.js';
import { formatBitRate } from '../object/value-format.js';
import { displayName, specNumber, specRecord, specText } from '../spec/spec-access.js';
import { deviceModelOf } from './device-model.js';
import { deviceTypeOf } from './device-types.js';
import { RackElevation } from './rack-elevation.js';
import { rackHeightOf } from './rack-height.js';
import { RackLegend } from './rack-legend.js';

/** `/rack` (the customer's rack, or the first of several) and `/racks/:key`. */
export function RackPage() {
  const { key } = useParams();
  const { t } = useTranslation();
  const racks = useObjects('rack', key === undefined);
  if (key !== undefined) return <RackView rackKey={key} />;
  return (
    <QueryView query={racks} fullPageErrors>
      {(items) => {
        const first = items[0];
        if (first === undefined) {
          return (
            <>
              <PageHeader title={t('rack.title')} />
              <p className="empty-state">{t('rack.none')}</p>
            </>
          );
        }
        return (
          <>
            {items.length > 1 && (
              <nav className="tabs" aria-label={t('rack.others')}>
                {items.map((rack) => (
                  <Link key={rack.key} to={`/racks/${encodeURIComponent(rack.key)}`}>
                    {displayName(rack)}
                  </Link>
                ))}
              </nav>
            )}
            <RackView rackKey={first.key} />
          </>
        );
      }}
    </QueryView>
  );
}

function RackView({ rackKey }: { readonly rackKey: string }) {
  const elevation = useRackElevation(rackKey);
  return (
    <QueryView query={elevation} fullPageErrors>
      {(data) => <RackDetails elevation={data} />}
    </QueryView>
  );
}

function RackDetails({ elevation }: { readonly elevation: Elevation }) {
  const { t } = useTranslation();
  const format = useFormat();
  const uplinkRows = (spec: Spec) => {
    const uplink = specRecord(spec, 'uplink');
    if (uplink === undefined) return null;
    const bandwidth = specNumber(uplink, 'bandwidth');
    const device = specText(uplink, 'device');
    const port = specText(uplink, 'port');
    return (
      <>
        <dt>{t('rack.uplink')}</dt>
        <dd>
          {[
            bandwidth === undefined ? undefined : formatBitRate(format, bandwidth),
            specText(uplink, 'carrier'),
          ]
            .filter((part): part is string => part !== undefined)
            .join(' · ')}
          {device !== undefined && (
            <span className="block small">
              {t('rack.uplinkLands')} <ObjectLink kind="device" objectKey={device} />
              {port !== undefined && <span className="mono"> ({port})</span>}
            </span>
          )}
        </dd>
      </>
    );
  };
  const devices = useObjects('device');
  const height = rackHeightOf(elevation);
  const rack = elevation.rack;
  const used = elevation.devices.reduce((sum, device) => sum + device.height, 0);
  const types = new Set(elevation.devices.map((device) => deviceTypeOf(device.type)));
  const models = new Map((devices.data ?? []).map((device) => [device.key, deviceModelOf(device.spec)]));
  const names = new Map((devices.data ?? []).map((device) => [device.key, displayName(device)]));
  const unplaced = elevation.unplaced ?? [];

  return (
    <>
      <PageHeader
        title={
          <>
            <span className="eyebrow">{t('rack.title')}</span>
            {rack.name}
          </>
        }
        subtitle={t('rack.subtitle', { height, count: elevation.devices.length, free: height - used })}
      />
      <div className="rack-layout">
        <figure className="rack-figure">
          <figcaption>{t('rack.front')}</figcaption>
          <RackElevation height={height} devices={elevation.devices} models={models} />
        </figure>
        <div className="rack-side">
          <section className="panel">
            <h2>{t('rack.details')}</h2>
            <dl className="facts">
              <dt>{t('rack.name')}</dt>
              <dd>
                <ObjectLink kind="rack" objectKey={rack.key}>
                  {rack.name}
                </ObjectLink>
              </dd>
              {rack.site !== null && (
                <>
                  <dt>{t('kind.site')}</dt>
                  <dd>
                    <ObjectLink kind="site" objectKey={rack.site} />
                  </dd>
                </>
              )}
              <dt>{t('rack.height')}</dt>
              <dd>{t('rack.units', { count: height })}</dd>
              <dt>{t('rack.occupancy')}</dt>
              <dd>
                {t('rack.occupancyValue', {
                  used,
                  height,
                  percent: format.percent(height > 0 ? used / height : 0),
                })}
              </dd>
              {uplinkRows(rack.spec)}
            </dl>
            <RackLegend types={types} />
          </section>
          <section className="panel">
            <h2>{t('rack.devices')}</h2>
            <table className="table compact">
              <thead>
                <tr>
                  <th>{t('rack.position')}</th>
                  <th>{t('field.name')}</th>
                  <th>{t('field.type')}</th>
                  <th>{t('field.model')}</th>
                </tr>
              </thead>
              <tbody>
                {elevation.devices.map((device) => {
                  const type = deviceTypeOf(device.type);
                  const top = device.position + device.height - 1;
                  return (
                    <tr key={device.key}>
                      <td className="numeric nowrap">
                        {device.height === 1 ? `U${top}` : `U${device.position}–${top}`}
                      </td>
                      <td>
                        <ObjectLink kind="device" objectKey={device.key}>
                          {device.name}
                        </ObjectLink>
                      </td>
                      <td className="nowrap">
                        <span className={`type-dot device-${type}`} aria-hidden="true" />
                        {t(`deviceType.${type}`)}
                      </td>
                      <td>{models.get(device.key)}</td>
                    </tr>
                  );
                })}
                {unplaced.map((key) => (
                  <tr key={key}>
                    <td className="muted">{t('rack.unplaced')}</td>
                    <td>
                      <ObjectLink kind="device" objectKey={key}>
                        {names.get(key) ?? key}
                      </ObjectLink>
                    </td>
                    <td />
                    <td>{models.get(key)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        </div>
      </div>
    </>
  );
}
