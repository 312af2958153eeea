/**
 * The inventory's write side in the browser: choose the inventory files, see every problem located,
 * review the plan as a diff, apply it after confirmation; below, the revisions applied so far.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { InventoryFile } from '../api/types.js';
import { ActionError } from '../components/action-error.js';
import { PageHeader } from '../components/page-header.js';
import { Loading } from '../components/query-view.js';
import { useMe } from '../session/session-context.js';
import { AppliedPanel } from './applied-panel.js';
import { FilePicker } from './file-picker.js';
import { mergeFiles, type PickedFiles } from './inventory-files.js';
import { useInventoryApply, useInventoryCheck } from './inventory-requests.js';
import { PlanPanel } from './plan-panel.js';
import { ProblemsPanel } from './problems-panel.js';
import { RevisionHistory } from './revision-history.js';

export function InventoryPage() {
  const { t } = useTranslation();
  const me = useMe();
  const mayApply = me.permissions.includes('inventory:apply');
  const [files, setFiles] = useState<readonly InventoryFile[]>([]);
  const [ignored, setIgnored] = useState<readonly string[]>([]);
  const check = useInventoryCheck();
  const apply = useInventoryApply();

  const chooseFiles = (next: readonly InventoryFile[]) => {
    setFiles(next);
    apply.reset();
    if (next.length === 0) check.reset();
    else check.mutate(next);
  };

  const onPicked = (picked: PickedFiles) => {
    setIgnored(picked.ignored);
    if (picked.files.length > 0) chooseFiles(mergeFiles(files, picked.files));
  };

  const replan = () => {
    apply.reset();
    check.mutate(files);
  };

  const busy = check.isPending || apply.isPending;

  return (
    <>
      <PageHeader title={t('inventory.title')} subtitle={t('inventory.subtitle')} />
      <FilePicker
        files={files}
        ignored={ignored}
        onPicked={onPicked}
        onRemove={(path) => chooseFiles(files.filter((file) => file.path !== path))}
        onClear={() => {
          setIgnored([]);
          chooseFiles([]);
        }}
        disabled={busy}
      />
      {apply.isSuccess ? (
        <AppliedPanel
          result={apply.data}
          onDone={() => {
            setIgnored([]);
            chooseFiles([]);
          }}
        />
      ) : (
        <CheckState
          check={check}
          apply={
            mayApply
              ? {
                  pending: apply.isPending,
                  error: apply.error,
                  run: (digest: string) => apply.mutate({ files, digest }),
                  reset: apply.reset,
                }
              : null
          }
          onReplan={replan}
        />
      )}
      <RevisionHistory />
    </>
  );
}

function CheckState({
  check,
  apply,
  onReplan,
}: {
  readonly check: ReturnType<typeof useInventoryCheck>;
  readonly apply: Parameters<typeof PlanPanel>[0]['apply'];
  readonly onReplan: () => void;
}) {
  const { t } = useTranslation();
  if (check.isIdle) return null;
  if (check.isPending) {
    return (
      <section className="panel">
        <Loading label={t('inventory.checking')} />
      </section>
    );
  }
  if (check.isError) {
    return (
      <section className="panel">
        <ActionError error={check.error} />
        <button type="button" className="button" onClick={onReplan}>
          {t('state.retry')}
        </button>
      </section>
    );
  }
  const result = check.data;
  if (result === undefined) return null;
  if (result.planned === null) return <ProblemsPanel validation={result.validation} />;
  return <PlanPanel planned={result.planned} apply={apply} onReplan={onReplan} replanning={false} />;
}
