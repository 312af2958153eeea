/** Copies a text to the clipboard and says so for a moment. */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';

type CopyState = 'idle' | 'copied' | 'failed';

export function CopyButton({ text }: { readonly text: string }) {
  const { t } = useTranslation();
  const [state, setState] = useState<CopyState>('idle');

  useEffect(() => {
    if (state === 'idle') return undefined;
    const timer = window.setTimeout(() => setState('idle'), 2500);
    return () => window.clearTimeout(timer);
  }, [state]);

  const copy = () => {
    copyText(text).then(
      () => setState('copied'),
      (error: unknown) => {
        // Clipboard refused (permissions, an old browser): the user can still select the text by hand.
        console.warn('cannot copy to the clipboard', error);
        setState('failed');
      },
    );
  };

  return (
    <button type="button" className="button" onClick={copy} data-testid="copy-secret" aria-live="polite">
      {state === 'copied'
        ? t('secret.copied')
        : state === 'failed'
          ? t('secret.copyFailed')
          : t('secret.copy')}
    </button>
  );
}

async function copyText(text: string): Promise<void> {
  if (navigator.clipboard !== undefined) {
    await navigator.clipboard.writeText(text);
    return;
  }
  throw new Error('no clipboard in this browser');
}
