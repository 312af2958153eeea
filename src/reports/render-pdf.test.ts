import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ReportDocument } from './document.js';
import { renderPdf } from './render-pdf.js';

/** The PDF's text as poppler's pdftotext reads it (what a reader's viewer extracts too). */
function pdfText(pdf: Buffer): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigie-pdf-'));
  try {
    const file = path.join(dir, 'doc.pdf');
    fs.writeFileSync(file, pdf);
    return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const document = (language: 'fr' | 'en', rows: number): ReportDocument => ({
  language,
  title: language === 'fr' ? 'Plan de restauration' : 'Restore plan',
  subtitle: 'GIP Provence-Alpes-Côte d’Azur',
  generatedAt: new Date('2026-11-28T10:05:00Z'),
  timeZone: 'Europe/Paris',
  blocks: [
    { kind: 'heading', level: 1, text: 'Synthèse : àâçéèêëîïôûùüÿœ' },
    {
      kind: 'paragraph',
      text: ['État ', { badge: 'EN RETARD', tone: 'bad' }, ' ', { text: 'gras', bold: true }],
    },
    { kind: 'code', lines: ["restic dump 1a2b3c4d 'base de données.pgdump' | pg_restore -d x"] },
    {
      kind: 'table',
      columns: [{ title: 'Source' }, { title: 'Lignes', align: 'right', width: 'auto' }],
      rows: Array.from({ length: rows }, (_, i) => [`public.table_${i}`, String(i * 1000)]),
    },
    { kind: 'list', ordered: true, items: [{ text: 'Première étape' }, { text: 'Deuxième étape' }] },
    { kind: 'keyValues', items: [{ key: 'Conservation', value: '7 quotidiennes' }] },
  ],
});

describe('renderPdf', () => {
  it('writes a PDF whose text keeps accents, badges and commands, with header and footer on every page', async () => {
    const pdf = await renderPdf(document('fr', 120));
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const text = pdfText(pdf);
    expect(text).toContain('Synthèse : àâçéèêëîïôûùüÿœ');
    expect(text).toContain('EN RETARD');
    expect(text).toContain("restic dump 1a2b3c4d 'base de données.pgdump' | pg_restore -d x");
    expect(text).toContain('public.table_119');
    expect(text).toContain('1. Première étape');
    const pages = text.split('\f').filter((page) => page.trim() !== '');
    expect(pages.length).toBeGreaterThan(1);
    pages.forEach((page, i) => {
      expect(page).toContain('GIP Provence-Alpes-Côte d’Azur');
      expect(page).toContain('Généré le 28 novembre 2026 à 11:05 (Europe/Paris)');
      expect(page).toContain(`page ${i + 1} / ${pages.length}`);
    });
  });

  it('speaks the document language in its footer and metadata', async () => {
    const pdf = await renderPdf(document('en', 3));
    const text = pdfText(pdf);
    expect(text).toContain('Generated on 28 November 2026 at 11:05 (Europe/Paris)');
    expect(text).toContain('page 1 of 1');
    expect(pdf.toString('latin1')).toMatch(/\/Lang \(en\)/);
  });
});
