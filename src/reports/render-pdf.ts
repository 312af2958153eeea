/**
 * Renders a report document as an A4 PDF with pdfmake: Roboto (the TrueType fonts shipped in the
 * pdfmake package, full Latin accents) for text and the PDF's built-in Courier for commands; every
 * page has a header (subtitle, title) and a footer (generation time, page N of M).
 */
import type { Content, TableCell, TDocumentDefinitions } from 'pdfmake/interfaces.js';
import {
  type Block,
  type Inline,
  inlinesOf,
  type ReportDocument,
  type Rich,
  type TableColumn,
  TONE_COLOURS,
} from './document.js';
import { createPdfBuffer } from './pdfmake-adapter.js';
import { formatReportInstant, RENDERER_STRINGS } from './strings.js';

const ACCENT = '#1e3a8a';
const MUTED = '#6b7280';
const RULE = '#d1d5db';

/** The PDF's bytes. */
export async function renderPdf(document: ReportDocument): Promise<Buffer> {
  return createPdfBuffer(pdfDefinition(document));
}

/** The pdfmake definition of a document (exported for tests that check the layout without a PDF). */
export function pdfDefinition(document: ReportDocument): TDocumentDefinitions {
  const strings = RENDERER_STRINGS[document.language];
  const generated = strings.generatedAt(
    formatReportInstant(document.generatedAt, document.language, document.timeZone),
  );
  return {
    pageSize: 'A4',
    pageMargins: [42, 52, 42, 50],
    language: document.language,
    info: { title: `${document.title}: ${document.subtitle}`, creator: 'Vigie', producer: 'Vigie (pdfmake)' },
    defaultStyle: { font: 'Roboto', fontSize: 9.5, lineHeight: 1.15, color: '#111827' },
    styles: {
      title: { fontSize: 20, bold: true, color: ACCENT, margin: [0, 0, 0, 4] },
      subtitle: { fontSize: 12, color: '#374151', margin: [0, 0, 0, 2] },
      h1: { fontSize: 14, bold: true, color: ACCENT, margin: [0, 14, 0, 2] },
      h2: { fontSize: 11.5, bold: true, color: '#1f2937', margin: [0, 10, 0, 4] },
      h3: { fontSize: 10, bold: true, color: '#1f2937', margin: [0, 8, 0, 3] },
      tableHeader: { bold: true, fillColor: '#f3f4f6' },
      key: { bold: true, color: '#374151' },
    },
    header: () => ({
      columns: [
        { text: document.subtitle, alignment: 'left' },
        { text: document.title, alignment: 'right' },
      ],
      fontSize: 8,
      color: MUTED,
      margin: [42, 24, 42, 0],
    }),
    footer: (page: number, pages: number) => ({
      columns: [
        { text: generated, alignment: 'left' },
        { text: strings.page(page, pages), alignment: 'right' },
      ],
      fontSize: 8,
      color: MUTED,
      margin: [42, 18, 42, 0],
    }),
    content: [
      { text: document.title, style: 'title' },
      { text: document.subtitle, style: 'subtitle' },
      { text: generated, color: MUTED, margin: [0, 0, 0, 8] },
      ...document.blocks.map(blockContent),
    ],
  };
}

function blockContent(block: Block): Content {
  switch (block.kind) {
    case 'heading': {
      const heading: Content = {
        text: block.text,
        style: `h${block.level}`,
        headlineLevel: block.level,
        ...(block.newPage === true ? { pageBreak: 'before' as const } : {}),
      };
      if (block.level !== 1) return heading;
      // A rule under top-level headings, as in the HTML.
      return {
        stack: [
          heading,
          { canvas: [{ type: 'line', x1: 0, y1: 0, x2: 511, y2: 0, lineWidth: 1.5, lineColor: ACCENT }] },
        ],
        margin: [0, 0, 0, 6],
      };
    }
    case 'paragraph':
      return { text: richText(block.text), margin: [0, 0, 0, 6] };
    case 'table':
      return {
        table: {
          headerRows: 1,
          dontBreakRows: true,
          widths: block.columns.map(columnWidth),
          body: [
            block.columns.map(
              (c): TableCell => ({ text: c.title, style: 'tableHeader', alignment: c.align ?? 'left' }),
            ),
            ...block.rows.map((row) =>
              row.map(
                (cell, i): TableCell => ({
                  text: richText(cell),
                  alignment: block.columns[i]?.align ?? 'left',
                }),
              ),
            ),
          ],
        },
        layout: thinLines,
        fontSize: 8.5,
        margin: [0, 2, 0, 10],
      };
    case 'keyValues':
      return {
        table: {
          widths: ['auto', '*'],
          body: block.items.map((item): TableCell[] => [
            { text: item.key, style: 'key' },
            { text: richText(item.value) },
          ]),
        },
        layout: 'noBorders',
        margin: [0, 0, 0, 8],
      };
    case 'list': {
      const items = block.items.map(
        (item): Content =>
          item.details === undefined || item.details.length === 0
            ? { text: richText(item.text), margin: [0, 0, 0, 3] }
            : {
                stack: [
                  { text: richText(item.text), margin: [0, 0, 0, 2] },
                  ...item.details.map(blockContent),
                ],
              },
      );
      return block.ordered ? { ol: items, margin: [0, 0, 0, 8] } : { ul: items, margin: [0, 0, 0, 8] };
    }
    case 'code':
      return {
        table: {
          widths: ['*'],
          body: [
            [
              {
                text: block.lines.join('\n'),
                font: 'Courier',
                fontSize: 7.5,
                fillColor: '#f3f4f6',
                preserveLeadingSpaces: true,
              },
            ],
          ],
        },
        layout: { ...thinLines, paddingTop: () => 4, paddingBottom: () => 3 },
        margin: [0, 2, 0, 8],
      };
    case 'note': {
      const colours = TONE_COLOURS[block.tone];
      return {
        table: {
          widths: ['*'],
          body: [[{ text: richText(block.text), fillColor: colours.bg, color: colours.fg }]],
        },
        layout: 'noBorders',
        margin: [0, 2, 0, 8],
      };
    }
  }
}

const thinLines = {
  hLineWidth: () => 0.5,
  vLineWidth: () => 0.5,
  hLineColor: () => RULE,
  vLineColor: () => RULE,
  paddingLeft: () => 4,
  paddingRight: () => 4,
  paddingTop: () => 2,
  paddingBottom: () => 2,
};

function columnWidth(column: TableColumn): string {
  if (typeof column.width === 'number') return `${column.width}%`;
  return column.width === 'auto' ? 'auto' : '*';
}

function richText(rich: Rich): Content[] {
  return inlinesOf(rich).map(inlineText);
}

function inlineText(inline: Inline): Content {
  if (typeof inline === 'string') return { text: inline };
  if ('badge' in inline) {
    const colours = TONE_COLOURS[inline.tone];
    // Non-breaking spaces pad the badge's background on both sides.
    return { text: `\u00a0${inline.badge}\u00a0`, bold: true, color: colours.fg, background: colours.bg };
  }
  return {
    text: inline.text,
    ...(inline.bold === true ? { bold: true } : {}),
    ...(inline.code === true ? { font: 'Courier', fontSize: 8.5 } : {}),
    ...(inline.muted === true ? { color: MUTED } : {}),
  };
}
