export type PdfProblem = 'damaged' | 'encrypted';

const HEADER = Buffer.from('%PDF-', 'latin1');
const END_MARKER = Buffer.from('%%EOF', 'latin1');
// Readers accept the end marker anywhere in the last kilobyte, before trailing junk some producers append.
const END_WINDOW_BYTES = 1024;
// A PDF name: a slash and regular characters, which may be written as #xx (so /Encr#79pt is /Encrypt).
const NAME = /\/[E#][^\s()<>[\]{}/%]*/gu;

/**
 * Why a PDF cannot be kept, or undefined when it can. Checked without a PDF library: the header, the end
 * marker (a cut-off upload lacks it), and an /Encrypt entry (the team could not open the file without its
 * password). The /Encrypt key sits in the trailer or the cross-reference stream's dictionary, and neither
 * is ever compressed, so a byte scan finds it.
 */
export function findPdfProblem(bytes: Buffer): PdfProblem | undefined {
  if (!bytes.subarray(0, HEADER.length).equals(HEADER)) return 'damaged';
  if (!bytes.subarray(-END_WINDOW_BYTES).includes(END_MARKER)) return 'damaged';
  for (const [name] of bytes.toString('latin1').matchAll(NAME)) {
    if (decodeName(name) === '/Encrypt') return 'encrypted';
  }
  return undefined;
}

function decodeName(name: string): string {
  if (!name.includes('#')) return name;
  return name.replace(/#([0-9a-f]{2})/giu, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
}
