/**
 * What Vigie read on a host over SSH, on its page: system, memory, disks, addresses, ports, services,
 * packages, pending reboot, the last gatherings, and "Gather now" for those who may operate hosts.
 * A failed last attempt is said plainly above the (older) facts.
 */
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { isApiError } from '../api/client.js';
import { ActionError } from '../components/action-error.js';
import { QueryView } from '../components/query-view.js';
import { useFormat } from '../format/use-format.js';
import { useMe } from '../session/session-context.js';
import { FactsDetails } from './facts-details.js';
import { FactsHistory } from './facts-history.js';
import {
  type HostFactsView,
  type LastAttempt,
  useFactsHistory,
  useGatherFacts,
  useHostFacts,
} from './facts-requests.js';

/** Error codes the page explains in the user's language before the server's (English) message. */
const EXPLAINED_CODES: readonly string[] = ['HOST_KEY_MISMATCH', 'HOST_KEY_UNAPPROVED', 'OUTBOUND_REFUSED'];

export function HostFactsPanel({ host }: { readonly host: string }) {
  const { t } = useTranslation();
  const me = useMe();
  const allowed = me.permissions.includes('hosts:read');
  const mayGather = me.permissions.includes('hosts:operate');
  const facts = useHostFacts(host, allowed);
  const history = useFactsHistory(host, allowed);
  const gather = useGatherFacts(host);
  if (!allowed) return null;
  return (
    <section className="panel" data-testid="host-facts" aria-busy={gather.isPending}>
      <div className="panel-title-row" style={{ paddingRight: 0, marginBottom: 12 }}>
        <h2>{t('facts.title')}</h2>
        {mayGather && (
          <button
            type="button"
            className="button"
            data-testid="gather-facts"
            disabled={gather.isPending}
            onClick={() => gather.mutate()}
          >
            {gather.isPending && <span className="spinner" aria-hidden="true" />}
            {gather.isPending ? t('facts.gathering') : t('facts.gatherNow')}
          </button>
        )}
      </div>
      {/* A host's own failure shows below as the last attempt; only other errors (rights, network) show here. */}
      {gather.isError && !isHostFailure(gather.error, host) && <ActionError error={gather.error} />}
      <QueryView query={facts}>
        {(view) => <FactsState host={host} view={view} mayGather={mayGather} />}
      </QueryView>
      {facts.data?.facts != null && (
        <QueryView query={history}>{(body) => <FactsHistory entries={body.items} />}</QueryView>
      )}
    </section>
  );
}

function isHostFailure(error: unknown, host: string): boolean {
  if (!isApiError(error)) return false;
  const details = error.details as { readonly host?: unknown } | undefined;
  return details?.host === host;
}

function FactsState({
  host,
  view,
  mayGather,
}: {
  readonly host: string;
  readonly view: HostFactsView | null;
  readonly mayGather: boolean;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  if (view === null) {
    return (
      <p className="muted" data-testid="facts-never">
        {mayGather ? t('facts.neverGathered') : t('facts.neverGatheredReadOnly', { host })}
      </p>
    );
  }
  const { facts, lastAttempt } = view;
  return (
    <>
      {lastAttempt !== null && !lastAttempt.ok && <FailedAttempt attempt={lastAttempt} />}
      {facts === null ? (
        <p className="muted" data-testid="facts-never">
          {t('facts.noFactsYet')}
        </p>
      ) : (
        <>
          <p className="muted small" data-testid="facts-gathered-at">
            {t('facts.gatheredAt', {
              relative: format.relative(facts.gatheredAt),
              at: format.dateTime(facts.gatheredAt),
            })}
          </p>
          <FactsDetails facts={facts} />
        </>
      )}
    </>
  );
}

function FailedAttempt({ attempt }: { readonly attempt: LastAttempt }) {
  const { t } = useTranslation();
  const format = useFormat();
  const mayApprove = useMe().permissions.includes('hostkeys:approve');
  return (
    <div className="notice notice-danger" role="alert" data-testid="facts-last-failure">
      <strong>
        {t('facts.lastAttemptFailed', {
          relative: format.relative(attempt.attemptedAt),
          at: format.dateTime(attempt.attemptedAt),
        })}
      </strong>{' '}
      {attempt.error !== null && (
        <>
          {EXPLAINED_CODES.includes(attempt.error.code) && `${t(`facts.errorCode.${attempt.error.code}`)} `}
          {attempt.error.message}
          {attempt.error.hint !== null && <span className="block small">{attempt.error.hint}</span>}
          {attempt.error.code.startsWith('HOST_KEY_') && mayApprove && (
            <Link className="block small" to="/hostkeys" data-testid="facts-hostkeys-link">
              {t('facts.reviewHostKey')}
            </Link>
          )}
        </>
      )}
    </div>
  );
}
