/**
 * The report document model: a report is written once as these blocks, then rendered to HTML
 * (`render-html.ts`) and to PDF (`render-pdf.ts`). Text is plain text everywhere: renderers escape it.
 */
import type { ReportLanguage } from './strings.js';

/** The colour a badge takes: ok (green), warn (amber), bad (red), neutral (grey). */
export type Tone = 'ok' | 'warn' | 'bad' | 'neutral';

/** One palette for both renderers, so a badge reads the same on screen and on paper. */
export const TONE_COLOURS: Readonly<Record<Tone, { readonly fg: string; readonly bg: string }>> = {
  ok: { fg: '#14532d', bg: '#dcfce7' },
  warn: { fg: '#78350f', bg: '#fef3c7' },
  bad: { fg: '#7f1d1d', bg: '#fee2e2' },
  neutral: { fg: '#374151', bg: '#e5e7eb' },
};

/** A run of text inside a block: plain, emphasised, code (monospace), or a status badge. */
export type Inline =
  | string
  | { readonly text: string; readonly bold?: boolean; readonly code?: boolean; readonly muted?: boolean }
  | { readonly badge: string; readonly tone: Tone };

/** A cell, a value or a paragraph: one inline or several in a row. */
export type Rich = Inline | readonly Inline[];

export interface TableColumn {
  readonly title: string;
  /** `auto` fits the content, `fill` (the default) shares the rest; a number is a percentage of the table. */
  readonly width?: 'auto' | 'fill' | number;
  readonly align?: 'left' | 'right';
}

export interface ListItem {
  readonly text: Rich;
  /** Blocks under the item (a command to type, a note). */
  readonly details?: readonly Block[];
}

export type Block =
  | { readonly kind: 'heading'; readonly level: 1 | 2 | 3; readonly text: string; readonly newPage?: boolean }
  | { readonly kind: 'paragraph'; readonly text: Rich }
  | {
      readonly kind: 'table';
      readonly columns: readonly TableColumn[];
      readonly rows: readonly (readonly Rich[])[];
    }
  | { readonly kind: 'keyValues'; readonly items: readonly { readonly key: string; readonly value: Rich }[] }
  | { readonly kind: 'list'; readonly ordered: boolean; readonly items: readonly ListItem[] }
  /** Lines to type as they are: commands, configuration. */
  | { readonly kind: 'code'; readonly lines: readonly string[] }
  | { readonly kind: 'note'; readonly tone: Tone; readonly text: Rich };

export interface ReportDocument {
  readonly language: ReportLanguage;
  readonly title: string;
  /** Under the title on the first page, and on the left of every page header (the customer...). */
  readonly subtitle: string;
  readonly generatedAt: Date;
  /** Time zone in which the document shows instants (generation time included). */
  readonly timeZone: string;
  readonly blocks: readonly Block[];
}

/** The inlines of a rich value, as a list. */
export function inlinesOf(rich: Rich): readonly Inline[] {
  return typeof rich === 'string' || !Array.isArray(rich) ? [rich as Inline] : (rich as readonly Inline[]);
}

/** The plain text of a rich value (badges included), e.g. for a filename or a test. */
export function plainText(rich: Rich): string {
  return inlinesOf(rich)
    .map((inline) => (typeof inline === 'string' ? inline : 'badge' in inline ? inline.badge : inline.text))
    .join('');
}
