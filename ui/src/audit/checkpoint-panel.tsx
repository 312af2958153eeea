/**
 * Checkpoints of a hash chain (the audit trail by default, the intervention journal on its page): sign
 * one and download it for the customer to keep outside Vigie, and verify that the chain still extends
 * a checkpoint kept earlier.
 */
import { type ChangeEvent, type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../api/client.js';
import { ActionError } from '../components/action-error.js';
import { useFormat } from '../format/use-format.js';
import { useMe } from '../session/session-context.js';
import { AUDIT_CHAIN, type ChainCheckpointVerification, type CheckpointChain } from './checkpoint-chain.js';
import { downloadCheckpoint, readJsonFile } from './checkpoint-file.js';
import { useCreateCheckpoint, useVerifyCheckpoint } from './checkpoint-requests.js';
import { IntegrityResult } from './integrity-result.js';

export function CheckpointPanel({
  chain = AUDIT_CHAIN,
  children,
}: {
  readonly chain?: CheckpointChain;
  /** Shown under the two steps, e.g. the checkpoints made so far. */
  readonly children?: ReactNode;
}) {
  const { t } = useTranslation();
  const me = useMe();
  // The customer manager keeps the checkpoints of both chains: one permission for both.
  const mayCreate = me.permissions.includes('audit:checkpoint');
  return (
    <section className="panel" data-testid={`${chain.id}-checkpoints`}>
      <h2>{t(chain.texts.title)}</h2>
      <p className="muted">{t(chain.texts.explain)}</p>
      <div className={mayCreate ? 'two-columns' : undefined}>
        {mayCreate && <CreateCheckpoint chain={chain} />}
        <VerifyCheckpoint chain={chain} />
      </div>
      {children}
    </section>
  );
}

function CreateCheckpoint({ chain }: { readonly chain: CheckpointChain }) {
  const { t } = useTranslation();
  const format = useFormat();
  const create = useCreateCheckpoint(chain);
  const [saved, setSaved] = useState<string | null>(null);
  return (
    <div className="checkpoint-step">
      <h3>{t('checkpoint.create.title')}</h3>
      <button
        type="button"
        className="button primary"
        data-testid="create-checkpoint"
        disabled={create.isPending}
        onClick={() =>
          create.mutate(undefined, {
            onSuccess: (statement) => setSaved(downloadCheckpoint(statement, chain.id)),
          })
        }
      >
        {create.isPending ? t('dialog.working') : t('checkpoint.create.button')}
      </button>
      {create.isError && <ActionError error={create.error} />}
      {create.isSuccess && saved !== null && (
        <div className="notice notice-success" role="status" data-testid="checkpoint-created">
          {t(chain.texts.created, {
            file: saved,
            count: create.data.length,
            formatted: format.number(create.data.length),
          })}
          <span className="block small">{t('checkpoint.create.keep')}</span>
          <button
            type="button"
            className="link-button"
            onClick={() => setSaved(downloadCheckpoint(create.data, chain.id))}
          >
            {t('checkpoint.create.again')}
          </button>
        </div>
      )}
    </div>
  );
}

function VerifyCheckpoint({ chain }: { readonly chain: CheckpointChain }) {
  const { t } = useTranslation();
  const verify = useVerifyCheckpoint(chain);
  const [fileName, setFileName] = useState<string | null>(null);
  const [notJson, setNotJson] = useState(false);

  const onFile = (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (file === undefined) return;
    setFileName(file.name);
    setNotJson(false);
    verify.reset();
    readJsonFile(file).then(
      (statement) => {
        if (statement === null) setNotJson(true);
        else verify.mutate(statement);
      },
      (error: unknown) => {
        console.warn('cannot read the checkpoint file', error);
        setNotJson(true);
      },
    );
  };

  const badInput = isApiError(verify.error) && verify.error.status === 400;
  return (
    <div className="checkpoint-step">
      <h3>{t('checkpoint.verify.title')}</h3>
      <label className="button">
        {t('checkpoint.verify.choose')}
        <input
          type="file"
          accept=".json,application/json"
          className="visually-hidden"
          data-testid="checkpoint-file-input"
          disabled={verify.isPending}
          onChange={onFile}
        />
      </label>
      {fileName !== null && <span className="mono small block checkpoint-file-name">{fileName}</span>}
      {verify.isPending && <p className="muted">{t('checkpoint.verify.running')}</p>}
      {(notJson || badInput) && (
        <ActionError
          error={verify.error}
          text={t('checkpoint.verify.notACheckpoint', { file: fileName ?? '' })}
        />
      )}
      {verify.isError && !badInput && <ActionError error={verify.error} />}
      {verify.isSuccess && <VerificationResult result={verify.data} chain={chain} />}
    </div>
  );
}

function VerificationResult({
  result,
  chain,
}: {
  readonly result: ChainCheckpointVerification;
  readonly chain: CheckpointChain;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const { checkpoint } = result;
  return (
    <div className="checkpoint-result" data-testid="checkpoint-result">
      <p className="lead">
        <strong>
          {result.ok
            ? t(chain.texts.extends, {
                date: format.dateTime(checkpoint.createdAt),
                count: checkpoint.length,
                formatted: format.number(checkpoint.length),
              })
            : t('checkpoint.verify.doesNotExtend', { date: format.dateTime(checkpoint.createdAt) })}
        </strong>
      </p>
      <IntegrityResult result={result} chainLengthKey={chain.texts.chainLength} />
      <dl className="facts small">
        <dt>{t('checkpoint.verify.signature')}</dt>
        <dd>
          {checkpoint.signatureValid
            ? t('checkpoint.verify.signatureValid')
            : t('checkpoint.verify.signatureInvalid')}
        </dd>
        <dt>{t('checkpoint.verify.key')}</dt>
        <dd>
          <code>{checkpoint.keyId}</code>{' '}
          {checkpoint.signedByThisVigie === null
            ? t('checkpoint.verify.keyUnknown')
            : checkpoint.signedByThisVigie
              ? t('checkpoint.verify.keyThis')
              : t('checkpoint.verify.keyOther')}
        </dd>
        <dt>{t('checkpoint.verify.head')}</dt>
        <dd>
          <code className="hash" title={checkpoint.headHash}>
            {checkpoint.headHash.slice(0, 16)}…
          </code>
        </dd>
      </dl>
    </div>
  );
}
