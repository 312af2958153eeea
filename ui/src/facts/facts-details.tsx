/** One snapshot of a host's facts, section by section, as its page shows it. */
import { useDeferredValue, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Badge } from '../components/badge.js';
import { UsageBar } from '../components/usage-bar.js';
import { useFormat } from '../format/use-format.js';
import type { HostFacts, InstalledPackage } from './facts-requests.js';

/** More than this many matching packages are summed up rather than listed. */
const PACKAGES_SHOWN = 200;

export function FactsDetails({ facts }: { readonly facts: HostFacts }) {
  const { t } = useTranslation();
  const format = useFormat();
  const { memory } = facts;
  // The one problem the script records about privileges: the ports' owners could not be read.
  const noSudo = facts.problems.some(
    (p) => p.section === 'listening' && p.message.includes('sudo -n was refused'),
  );
  return (
    <div data-testid="facts-details">
      {facts.reboot.required && (
        <div className="notice notice-warning" data-testid="facts-reboot">
          <strong>{t('facts.rebootRequired')}</strong>{' '}
          {facts.reboot.packages.length > 0 &&
            t('facts.rebootBy', { packages: facts.reboot.packages.join(', ') })}
        </div>
      )}
      {facts.problems.length > 0 && (
        <div className="notice notice-warning" data-testid="facts-problems">
          <strong>{t('facts.problemsTitle')}</strong>
          <ul className="plain-list">
            {facts.problems.map((problem) => (
              <li key={`${problem.section}:${problem.message}`}>
                <strong>{t(`facts.section.${problem.section}`, { defaultValue: problem.section })}</strong>
                {t('facts.problemSeparator')}
                {problem.message}
              </li>
            ))}
          </ul>
        </div>
      )}
      <div className="two-columns">
        <div>
          <h3>{t('facts.system')}</h3>
          <dl className="facts" data-testid="facts-system">
            <dt>{t('facts.os')}</dt>
            <dd>{facts.os.name}</dd>
            <dt>{t('facts.kernel')}</dt>
            <dd className="mono">
              {facts.kernel} ({facts.cpu.architecture})
            </dd>
            <dt>{t('facts.uptime')}</dt>
            <dd>{uptimeText(t, facts.uptimeSeconds)}</dd>
            <dt>{t('facts.cpu')}</dt>
            <dd>{t('facts.cpuValue', { count: facts.cpu.cores, model: facts.cpu.model })}</dd>
            <dt>{t('facts.reboot')}</dt>
            <dd>
              {facts.reboot.required ? (
                <Badge tone="warning">{t('facts.rebootRequired')}</Badge>
              ) : (
                t('facts.rebootNone')
              )}
            </dd>
          </dl>
          <div className="usage-group">
            <UsageBar
              label={t('facts.memory')}
              figure={t('facts.usedOf', {
                used: format.bytes(memory.totalBytes - memory.availableBytes),
                total: format.bytes(memory.totalBytes),
              })}
              used={memory.totalBytes - memory.availableBytes}
              capacity={memory.totalBytes}
            />
            {memory.swapTotalBytes > 0 && (
              <UsageBar
                label={t('facts.swap')}
                figure={t('facts.usedOf', {
                  used: format.bytes(memory.swapTotalBytes - memory.swapFreeBytes),
                  total: format.bytes(memory.swapTotalBytes),
                })}
                used={memory.swapTotalBytes - memory.swapFreeBytes}
                capacity={memory.swapTotalBytes}
              />
            )}
          </div>
        </div>
        <div>
          <h3>{t('facts.filesystems')}</h3>
          <div className="usage-group" data-testid="facts-filesystems">
            {facts.filesystems.length === 0 && <p className="muted small">{t('facts.none')}</p>}
            {facts.filesystems.map((fs) => (
              <UsageBar
                key={fs.mountpoint}
                label={`${fs.mountpoint} (${fs.type}, ${fs.device})`}
                figure={t('facts.usedOf', {
                  used: format.bytes(fs.usedBytes),
                  total: format.bytes(fs.usedBytes + fs.availableBytes),
                })}
                used={fs.usedBytes}
                capacity={fs.usedBytes + fs.availableBytes}
              />
            ))}
          </div>
          <h3>{t('facts.addresses')}</h3>
          <ul className="plain-list" data-testid="facts-addresses">
            {facts.addresses.length === 0 && <li className="muted small">{t('facts.none')}</li>}
            {facts.addresses.map((address) => (
              <li key={`${address.interface} ${address.address}`}>
                <span className="mono">{address.address}</span>{' '}
                <span className="muted small">{address.interface}</span>
              </li>
            ))}
          </ul>
        </div>
      </div>
      <div className="two-columns">
        <div>
          <h3>{t('facts.listening')}</h3>
          <table className="table" data-testid="facts-listening">
            <thead>
              <tr>
                <th>{t('facts.port')}</th>
                <th>{t('facts.address')}</th>
                <th>{t('facts.process')}</th>
              </tr>
            </thead>
            <tbody>
              {facts.listening.map((socket) => (
                <tr key={`${socket.protocol} ${socket.address} ${socket.port}`} data-port={socket.port}>
                  <td className="mono nowrap">
                    {socket.port}/{socket.protocol}
                  </td>
                  <td className="mono">{socket.address}</td>
                  <td>
                    {socket.process === undefined ? (
                      <span className="muted">
                        {noSudo ? t('facts.processUnknownNoSudo') : t('facts.processUnknown')}
                      </span>
                    ) : (
                      <>
                        {socket.process}{' '}
                        <span className="muted small">
                          {socket.pid === undefined ? '' : `pid ${socket.pid}`}
                        </span>
                      </>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <div>
          <h3>{t('facts.services')}</h3>
          <ul className="chips" data-testid="facts-services">
            {facts.services.length === 0 && <li className="muted small">{t('facts.none')}</li>}
            {facts.services.map((service) => (
              <li key={service.name} title={t(`facts.serviceSource.${service.source}`)}>
                {service.name}
              </li>
            ))}
          </ul>
          <h3>{t('facts.packages')}</h3>
          <PackageList packages={facts.packages} />
        </div>
      </div>
    </div>
  );
}

function PackageList({ packages }: { readonly packages: readonly InstalledPackage[] }) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const needle = useDeferredValue(search.trim().toLowerCase());
  const matching = needle === '' ? packages : packages.filter((p) => p.name.toLowerCase().includes(needle));
  return (
    <details data-testid="facts-packages">
      <summary>{t('facts.packagesCount', { count: packages.length })}</summary>
      <label className="field" style={{ margin: '8px 0' }}>
        <span className="visually-hidden">{t('facts.packageSearch')}</span>
        <input
          type="search"
          data-testid="facts-package-search"
          placeholder={t('facts.packageSearch')}
          value={search}
          onChange={(event) => setSearch(event.target.value)}
        />
      </label>
      <p className="muted small" data-testid="facts-package-matches">
        {t('facts.packageMatches', { count: matching.length })}
      </p>
      <table className="table">
        <tbody>
          {matching.slice(0, PACKAGES_SHOWN).map((p) => (
            <tr key={`${p.name}:${p.architecture}`}>
              <td className="mono">{p.name}</td>
              <td className="mono small">{p.version}</td>
              <td className="muted small">{p.architecture}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {matching.length > PACKAGES_SHOWN && (
        <p className="muted small">{t('facts.packagesMore', { count: matching.length - PACKAGES_SHOWN })}</p>
      )}
    </details>
  );
}

function uptimeText(t: (key: string, options: Record<string, unknown>) => string, seconds: number): string {
  const days = Math.floor(seconds / 86_400);
  const hours = Math.floor((seconds % 86_400) / 3600);
  const minutes = Math.floor((seconds % 3600) / 60);
  if (days > 0) return t('facts.uptimeDays', { count: days, hours });
  return t('facts.uptimeHours', { hours, minutes });
}
