/**
 * The only file that talks to pdfmake: fonts from the pdfmake package itself (no system font),
 * no network and no file access beyond those fonts, whatever a document holds.
 */
import { createRequire } from 'node:module';
import pdfmake from 'pdfmake';
import type { TDocumentDefinitions } from 'pdfmake/interfaces.js';

const require = createRequire(import.meta.url);

const ROBOTO = {
  normal: require.resolve('pdfmake/fonts/Roboto/Roboto-Regular.ttf'),
  bold: require.resolve('pdfmake/fonts/Roboto/Roboto-Medium.ttf'),
  italics: require.resolve('pdfmake/fonts/Roboto/Roboto-Italic.ttf'),
  bolditalics: require.resolve('pdfmake/fonts/Roboto/Roboto-MediumItalic.ttf'),
};
const COURIER = {
  normal: 'Courier',
  bold: 'Courier-Bold',
  italics: 'Courier-Oblique',
  bolditalics: 'Courier-BoldOblique',
};
/** What pdfmake may open: the Roboto files, and the built-in fonts' names (it asks for those too). */
const FONT_FILES = new Set([...Object.values(ROBOTO), ...Object.values(COURIER)]);

let configured = false;

/** pdfmake keeps its settings on the module itself: set them once, the same for every document. */
function configure(): void {
  if (configured) return;
  pdfmake.setFonts({
    Roboto: ROBOTO,
    // One of the PDF's 14 built-in fonts: nothing to embed, Latin-1 is enough for commands.
    Courier: COURIER,
  });
  pdfmake.setUrlAccessPolicy(() => false);
  pdfmake.setLocalAccessPolicy((file) => FONT_FILES.has(file));
  configured = true;
}

/** Lays out and writes the document, returning the PDF's bytes. */
export async function createPdfBuffer(definition: TDocumentDefinitions): Promise<Buffer> {
  configure();
  return pdfmake.createPdf(definition).getBuffer();
}
