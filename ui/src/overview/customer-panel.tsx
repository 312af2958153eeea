/** The customer, the provider and the contract between them, in a few lines. */
import { useTranslation } from 'react-i18next';
import { useObjects } from '../api/queries.js';
import type { InventoryObject } from '../api/types.js';
import { ObjectLink } from '../components/object-link.js';
import { useFormat } from '../format/use-format.js';
import { formatDuration, formatMonths, isMoney } from '../object/value-format.js';
import { displayName, specBoolean, specNumber, specText, specValue } from '../spec/spec-access.js';

export function CustomerPanel() {
  const { t } = useTranslation();
  const format = useFormat();
  const customers = useObjects('customer');
  const providers = useObjects('provider');
  const contracts = useObjects('contract');
  const customer = customers.data?.[0];
  const provider = providers.data?.[0];
  const contract = contracts.data?.[0];
  const day = (value: string | undefined) =>
    value === undefined ? undefined : format.date(`${value}T12:00:00Z`);

  return (
    <section className="panel" data-testid="customer-panel">
      <h2>{t('overview.customerAndContract')}</h2>
      {customer === undefined ? (
        <p className="muted">{customers.isPending ? t('state.loading') : t('overview.noCustomer')}</p>
      ) : (
        <div className="party">
          <ObjectLink kind="customer" objectKey={customer.key}>
            <strong>{specText(customer.spec, 'legal_name') ?? displayName(customer)}</strong>
          </ObjectLink>
          <AddressLine object={customer} />
          {specText(customer.spec, 'siret') !== undefined && (
            <p className="muted small">{t('overview.siret', { siret: specText(customer.spec, 'siret') })}</p>
          )}
        </div>
      )}
      {contract !== undefined && (
        <dl className="facts">
          <dt>{t('kind.contract')}</dt>
          <dd>
            <ObjectLink kind="contract" objectKey={contract.key}>
              {specText(contract.spec, 'reference') ?? displayName(contract)}
            </ObjectLink>
          </dd>
          <dt>{t('overview.contractPeriod')}</dt>
          <dd>
            {t('overview.contractPeriodValue', {
              start: day(specText(contract.spec, 'start')) ?? '—',
              end: day(specText(contract.spec, 'first_term_end')) ?? '—',
            })}
          </dd>
          {monthlyFeeRows(contract)}
          {renewalRows(contract)}
          {provider !== undefined && (
            <>
              <dt>{t('kind.provider')}</dt>
              <dd>
                <ObjectLink kind="provider" objectKey={provider.key}>
                  {displayName(provider)}
                </ObjectLink>
              </dd>
            </>
          )}
        </dl>
      )}
      {contract === undefined && provider !== undefined && (
        <p>
          {t('kind.provider')} :{' '}
          <ObjectLink kind="provider" objectKey={provider.key}>
            {displayName(provider)}
          </ObjectLink>
        </p>
      )}
    </section>
  );

  function monthlyFeeRows(contract: InventoryObject) {
    const fee = specValue(contract.spec, 'monthly_fee');
    if (!isMoney(fee)) return null;
    return (
      <>
        <dt>{t('overview.monthlyFee')}</dt>
        <dd>{t('overview.feeExclTax', { amount: format.money(fee.amount, fee.currency) })}</dd>
      </>
    );
  }

  function renewalRows(contract: InventoryObject) {
    const period = specNumber(contract.spec, 'renewal.period');
    if (period === undefined) return null;
    const tacit = specBoolean(contract.spec, 'renewal.tacit') ?? false;
    const times = specNumber(contract.spec, 'renewal.max_renewals') ?? 0;
    const notice = specNumber(contract.spec, 'renewal.notice');
    return (
      <>
        <dt>{t('overview.renewal')}</dt>
        <dd>
          {t(tacit ? 'overview.renewalTacit' : 'overview.renewalExplicit', {
            period: formatMonths(format, period),
            count: times,
          })}
          {notice !== undefined && (
            <span className="muted small block">
              {t('overview.notice', { notice: formatDuration(format, notice) })}
            </span>
          )}
        </dd>
      </>
    );
  }
}

function AddressLine({ object }: { readonly object: InventoryObject }) {
  const street = specText(object.spec, 'address.street');
  const city = [specText(object.spec, 'address.postal_code'), specText(object.spec, 'address.city')]
    .filter((part): part is string => part !== undefined)
    .join(' ');
  const parts = [street, city].filter((part): part is string => part !== undefined && part !== '');
  return parts.length === 0 ? null : <p className="muted small">{parts.join(', ')}</p>;
}
