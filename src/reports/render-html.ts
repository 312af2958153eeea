/**
 * Renders a report document as one self-contained HTML page (inline CSS, no script, no outside
 * resource), printable as it is. Every text is escaped: inventory values are untrusted.
 */
import {
  type Block,
  type Inline,
  inlinesOf,
  type ReportDocument,
  type Rich,
  TONE_COLOURS,
} from './document.js';
import { formatReportInstant, RENDERER_STRINGS } from './strings.js';

const ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes text for HTML content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ESCAPES[char] ?? char);
}

const STYLE = `
@page { size: A4; margin: 18mm 15mm 20mm 15mm; }
body { font-family: "DejaVu Sans", Roboto, Arial, sans-serif; font-size: 10.5pt; color: #111827; max-width: 60rem; margin: 1.5rem auto; padding: 0 1rem; line-height: 1.4; }
header.page, footer.page { display: flex; justify-content: space-between; color: #6b7280; font-size: 8.5pt; border-color: #d1d5db; }
header.page { border-bottom: 1px solid #d1d5db; padding-bottom: .3rem; margin-bottom: 1rem; }
footer.page { border-top: 1px solid #d1d5db; padding-top: .3rem; margin-top: 2rem; }
h1 { font-size: 20pt; margin: .2rem 0; color: #1e3a8a; }
p.subtitle { font-size: 12pt; color: #374151; margin-top: 0; }
h2 { font-size: 14pt; color: #1e3a8a; border-bottom: 2px solid #1e3a8a; padding-bottom: .15rem; margin-top: 1.8rem; }
h3 { font-size: 11.5pt; color: #1f2937; margin-top: 1.2rem; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0 1rem; font-size: 9.5pt; }
th, td { border: 1px solid #d1d5db; padding: .25rem .4rem; text-align: left; vertical-align: top; overflow-wrap: anywhere; }
th { background: #f3f4f6; }
td.right, th.right { text-align: right; }
dl.kv { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem; margin: .5rem 0 1rem; }
dl.kv dt { font-weight: bold; color: #374151; }
dl.kv dd { margin: 0; overflow-wrap: anywhere; }
pre { background: #f3f4f6; border: 1px solid #e5e7eb; border-radius: 3px; padding: .4rem .6rem; font-size: 9pt; white-space: pre-wrap; overflow-wrap: anywhere; }
code { font-family: "DejaVu Sans Mono", monospace; font-size: 9pt; background: #f3f4f6; padding: 0 .15rem; }
pre code { background: none; padding: 0; }
.badge { display: inline-block; white-space: nowrap; border-radius: 3px; padding: 0 .35rem; font-size: 8.5pt; font-weight: bold; }
.muted { color: #6b7280; }
.note { border-left: 4px solid; padding: .3rem .6rem; margin: .5rem 0 1rem; }
li { margin-bottom: .4rem; }
.newpage { break-before: page; }
h2, h3 { break-after: avoid; }
tr, pre, dl.kv { break-inside: avoid; }
@media print { body { margin: 0; max-width: none; padding: 0; } }
`;

/** The whole page. */
export function renderHtml(document: ReportDocument): string {
  const strings = RENDERER_STRINGS[document.language];
  const generated = strings.generatedAt(
    formatReportInstant(document.generatedAt, document.language, document.timeZone),
  );
  return [
    '<!DOCTYPE html>',
    `<html lang="${document.language}">`,
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(`${document.title}: ${document.subtitle}`)}</title>`,
    `<style>${STYLE}</style>`,
    '</head>',
    '<body>',
    `<header class="page"><span>${escapeHtml(document.subtitle)}</span><span>${escapeHtml(document.title)}</span></header>`,
    `<h1>${escapeHtml(document.title)}</h1>`,
    `<p class="subtitle">${escapeHtml(document.subtitle)}<br><span class="muted">${escapeHtml(generated)}</span></p>`,
    ...document.blocks.map(renderBlock),
    `<footer class="page"><span>${escapeHtml(document.title)}</span><span>${escapeHtml(generated)}</span></footer>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

function renderBlock(block: Block): string {
  switch (block.kind) {
    case 'heading': {
      const tag = `h${block.level + 1}`;
      return `<${tag}${block.newPage === true ? ' class="newpage"' : ''}>${escapeHtml(block.text)}</${tag}>`;
    }
    case 'paragraph':
      return `<p>${renderRich(block.text)}</p>`;
    case 'table': {
      const head = block.columns
        .map((c) => {
          const width = typeof c.width === 'number' ? ` style="width: ${c.width}%"` : '';
          return `<th${c.align === 'right' ? ' class="right"' : ''}${width}>${escapeHtml(c.title)}</th>`;
        })
        .join('');
      const body = block.rows
        .map(
          (row) =>
            `<tr>${row
              .map(
                (cell, i) =>
                  `<td${block.columns[i]?.align === 'right' ? ' class="right"' : ''}>${renderRich(cell)}</td>`,
              )
              .join('')}</tr>`,
        )
        .join('\n');
      return `<table>\n<thead><tr>${head}</tr></thead>\n<tbody>\n${body}\n</tbody>\n</table>`;
    }
    case 'keyValues':
      return `<dl class="kv">\n${block.items
        .map((item) => `<dt>${escapeHtml(item.key)}</dt><dd>${renderRich(item.value)}</dd>`)
        .join('\n')}\n</dl>`;
    case 'list': {
      const tag = block.ordered ? 'ol' : 'ul';
      const items = block.items
        .map((item) => `<li>${renderRich(item.text)}${(item.details ?? []).map(renderBlock).join('')}</li>`)
        .join('\n');
      return `<${tag}>\n${items}\n</${tag}>`;
    }
    case 'code':
      return `<pre><code>${escapeHtml(block.lines.join('\n'))}</code></pre>`;
    case 'note': {
      const colours = TONE_COLOURS[block.tone];
      return `<div class="note" style="border-color: ${colours.fg}; background: ${colours.bg}">${renderRich(block.text)}</div>`;
    }
  }
}

function renderRich(rich: Rich): string {
  return inlinesOf(rich).map(renderInline).join('');
}

function renderInline(inline: Inline): string {
  if (typeof inline === 'string') return escapeHtml(inline);
  if ('badge' in inline) {
    const colours = TONE_COLOURS[inline.tone];
    return `<span class="badge" style="color: ${colours.fg}; background: ${colours.bg}">${escapeHtml(inline.badge)}</span>`;
  }
  let html = escapeHtml(inline.text);
  if (inline.code === true) html = `<code>${html}</code>`;
  if (inline.bold === true) html = `<strong>${html}</strong>`;
  if (inline.muted === true) html = `<span class="muted">${html}</span>`;
  return html;
}
