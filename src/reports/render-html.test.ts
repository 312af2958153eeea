import { describe, expect, it } from 'vitest';
import type { ReportDocument } from './document.js';
import { escapeHtml, renderHtml } from './render-html.js';

const HOSTILE = `<script>alert("x")</script><img src=x onerror='y'>&amp;`;

function documentWith(
  blocks: ReportDocument['blocks'],
  language: ReportDocument['language'] = 'fr',
): ReportDocument {
  return {
    language,
    title: 'Plan de restauration',
    subtitle: `Client ${HOSTILE}`,
    generatedAt: new Date('2026-11-28T10:05:00Z'),
    timeZone: 'Europe/Paris',
    blocks,
  };
}

describe('escapeHtml', () => {
  it('escapes the five characters that change HTML meaning', () => {
    expect(escapeHtml(`a<b>&"c'`)).toBe('a&lt;b&gt;&amp;&quot;c&#39;');
  });
});

describe('renderHtml', () => {
  it('escapes untrusted text in every kind of block, so no tag or attribute gets in', () => {
    const html = renderHtml(
      documentWith([
        { kind: 'heading', level: 1, text: HOSTILE },
        {
          kind: 'paragraph',
          text: [HOSTILE, { text: HOSTILE, bold: true }, { badge: HOSTILE, tone: 'bad' }],
        },
        { kind: 'table', columns: [{ title: HOSTILE }], rows: [[{ text: HOSTILE, code: true }]] },
        { kind: 'keyValues', items: [{ key: HOSTILE, value: HOSTILE }] },
        {
          kind: 'list',
          ordered: true,
          items: [{ text: HOSTILE, details: [{ kind: 'code', lines: [HOSTILE] }] }],
        },
        { kind: 'note', tone: 'warn', text: HOSTILE },
      ]),
    );
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<img');
    expect(html).not.toMatch(/onerror='/);
    expect(html).not.toContain('&amp;amp;amp;');
    // Each hostile value shows as text: 7 blocks' worth plus title and header/subtitle.
    expect(html.split('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;').length - 1).toBeGreaterThanOrEqual(
      12,
    );
  });

  it('is one self-contained page in the document language, with the generation time in its zone', () => {
    const html = renderHtml(documentWith([{ kind: 'paragraph', text: 'Bonjour' }]));
    expect(html).toMatch(/^<!DOCTYPE html>\n<html lang="fr">/);
    expect(html).toContain('<meta charset="utf-8">');
    expect(html).toContain('Généré le 28 novembre 2026 à 11:05 (Europe/Paris)');
    expect(html).not.toMatch(/<link |<script|src="http/);
    const english = renderHtml(documentWith([], 'en'));
    expect(english).toContain('<html lang="en">');
    expect(english).toContain('Generated on 28 November 2026 at 11:05 (Europe/Paris)');
  });

  it('renders tables, badges, lists with commands, and right-aligned columns', () => {
    const html = renderHtml(
      documentWith([
        {
          kind: 'table',
          columns: [{ title: 'Source' }, { title: 'RPO', align: 'right' }],
          rows: [['database:x', { badge: 'EN RETARD', tone: 'bad' }]],
        },
        {
          kind: 'list',
          ordered: true,
          items: [{ text: 'Étape', details: [{ kind: 'code', lines: ['a', 'b'] }] }],
        },
      ]),
    );
    expect(html).toContain('<th class="right">RPO</th>');
    expect(html).toMatch(
      /<td class="right"><span class="badge" style="color: #7f1d1d; background: #fee2e2">EN RETARD<\/span><\/td>/,
    );
    expect(html).toContain('<ol>\n<li>Étape<pre><code>a\nb</code></pre></li>\n</ol>');
  });
});
