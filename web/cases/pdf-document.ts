import type { PDFDocumentLoadingTask, PDFDocumentProxy } from 'pdfjs-dist';

// pdf.js for the document preview, loaded only when a PDF is shown (it is large). The PDF is parsed in a Web
// Worker from our own origin and drawn on a canvas: no scripting (pdf.js runs PDF scripts only in its viewer,
// which we do not use), no XFA forms, no annotation layer (links are drawn, never followed), and no fonts
// from the document handed to the browser's font engine (`disableFontFace`: glyphs are drawn as paths).
// WebAssembly stays off: the app's Content-Security-Policy does not allow compiling it, and pdf.js has
// JavaScript decoders for the same images.

/** Where the build puts pdf.js's fonts, character maps and decoders (web/pdfjs-resources.ts). */
function pdfResourceBase(version: string): string {
  return new URL(`/assets/pdfjs-${version}/`, window.location.origin).href;
}

export type PdfDocument = PDFDocumentProxy;
/** A PDF being opened: `promise` answers the document, `destroy()` stops it and ends its worker. */
export type PdfLoading = PDFDocumentLoadingTask;

/** Starts parsing a PDF's bytes (which pdf.js takes over) with the settings above. */
export async function loadPdf(data: ArrayBuffer): Promise<PdfLoading> {
  const [pdfjs, worker] = await Promise.all([
    import('pdfjs-dist'),
    import('pdfjs-dist/build/pdf.worker.min.mjs?url'),
  ]);
  pdfjs.GlobalWorkerOptions.workerSrc = worker.default;
  const resources = pdfResourceBase(pdfjs.version);
  const task = pdfjs.getDocument({
    data: new Uint8Array(data),
    enableXfa: false,
    disableFontFace: true,
    useSystemFonts: false,
    useWasm: false,
    standardFontDataUrl: `${resources}standard_fonts/`,
    cMapUrl: `${resources}cmaps/`,
    cMapPacked: true,
    wasmUrl: `${resources}wasm/`,
    // Nothing is fetched by range or streamed: the bytes are all here.
    disableRange: true,
    disableStream: true,
    disableAutoFetch: true,
    disableWorkerRendering: true,
    stopAtErrors: false,
    verbosity: pdfjs.VerbosityLevel.ERRORS,
  });
  return task;
}
