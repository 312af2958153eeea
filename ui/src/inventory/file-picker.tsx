/** Where the engineer hands over inventory files: chosen one by one, as a whole folder, or dropped. */
import { type ChangeEvent, type DragEvent, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { InventoryFile } from '../api/types.js';
import { useFormat } from '../format/use-format.js';
import { type PickedFiles, readDroppedFiles, readPickedFiles } from './inventory-files.js';

interface FilePickerProps {
  readonly files: readonly InventoryFile[];
  /** Paths of the last choice that were not taken (not YAML). */
  readonly ignored: readonly string[];
  readonly onPicked: (picked: PickedFiles) => void;
  readonly onRemove: (path: string) => void;
  readonly onClear: () => void;
  readonly disabled: boolean;
}

export function FilePicker({ files, ignored, onPicked, onRemove, onClear, disabled }: FilePickerProps) {
  const { t } = useTranslation();
  const format = useFormat();
  const folderInput = useRef<HTMLInputElement>(null);
  const [dragging, setDragging] = useState(false);
  const [readError, setReadError] = useState<string | null>(null);

  useEffect(() => {
    // Not in React's typings: the attribute that turns a file input into a folder picker.
    folderInput.current?.setAttribute('webkitdirectory', '');
  }, []);

  const take = (reading: Promise<PickedFiles>) => {
    setReadError(null);
    reading.then(onPicked, (error: unknown) => {
      console.warn('cannot read the chosen files', error);
      setReadError(error instanceof Error ? error.message : String(error));
    });
  };

  const onInput = (event: ChangeEvent<HTMLInputElement>) => {
    const list = event.target.files;
    if (list !== null && list.length > 0) take(readPickedFiles([...list]));
    // Choosing the same files again must fire `change` again (after editing them, for instance).
    event.target.value = '';
  };

  const onDrop = (event: DragEvent<HTMLDivElement>) => {
    event.preventDefault();
    setDragging(false);
    if (!disabled) take(readDroppedFiles(event.dataTransfer));
  };

  const totalBytes = files.reduce((sum, file) => sum + new Blob([file.content]).size, 0);

  return (
    <section className="panel" data-testid="inventory-files">
      <h2>{t('inventory.files.title')}</h2>
      {/* biome-ignore lint/a11y/noStaticElementInteractions: dropping is a pointer shortcut; the buttons inside are the keyboard way */}
      <div
        className={dragging ? 'drop-zone dragging' : 'drop-zone'}
        data-testid="drop-zone"
        onDragOver={(event) => {
          event.preventDefault();
          if (!disabled) setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
      >
        <p className="drop-zone-text">{t('inventory.files.drop')}</p>
        <div className="drop-zone-buttons">
          <label className={disabled ? 'button disabled' : 'button primary'}>
            {t('inventory.files.chooseFiles')}
            <input
              type="file"
              multiple
              accept=".yaml,.yml"
              className="visually-hidden"
              data-testid="inventory-file-input"
              disabled={disabled}
              onChange={onInput}
            />
          </label>
          <label className={disabled ? 'button disabled' : 'button'}>
            {t('inventory.files.chooseFolder')}
            <input
              ref={folderInput}
              type="file"
              className="visually-hidden"
              data-testid="inventory-folder-input"
              disabled={disabled}
              onChange={onInput}
            />
          </label>
        </div>
        <p className="muted small">{t('inventory.files.privacy')}</p>
      </div>
      {readError !== null && (
        <p className="notice notice-danger" role="alert">
          {t('inventory.files.readFailed', { message: readError })}
        </p>
      )}
      {ignored.length > 0 && (
        <p className="notice notice-info" data-testid="ignored-files">
          {t('inventory.files.ignored', { count: ignored.length })}{' '}
          <span className="mono small">{ignored.slice(0, 5).join(', ')}</span>
          {ignored.length > 5 && ` ${t('audit.more', { count: ignored.length - 5 })}`}
        </p>
      )}
      {files.length > 0 && (
        <div className="file-list">
          <div className="file-list-head">
            <span>
              {t('inventory.files.chosen', { count: files.length })}{' '}
              <span className="muted">({format.bytes(totalBytes)})</span>
            </span>
            <button type="button" className="link-button" onClick={onClear} disabled={disabled}>
              {t('inventory.files.clear')}
            </button>
          </div>
          <ul className="chips file-chips" data-testid="chosen-files">
            {files.map((file) => (
              <li key={file.path}>
                <span className="mono">{file.path}</span>
                <button
                  type="button"
                  className="chip-remove"
                  aria-label={t('inventory.files.remove', { path: file.path })}
                  title={t('inventory.files.remove', { path: file.path })}
                  disabled={disabled}
                  onClick={() => onRemove(file.path)}
                >
                  ×
                </button>
              </li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}
