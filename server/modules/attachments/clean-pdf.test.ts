import { randomBytes } from 'node:crypto';
import { inflateSync } from 'node:zlib';
import {
  PDFArray,
  PDFDict,
  PDFDocument,
  PDFHexString,
  PDFName,
  type PDFObject,
  type PDFPage,
  PDFRawStream,
  type PDFRef,
  PDFString,
  StandardFonts,
} from '@cantoo/pdf-lib';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { Invalid } from '../../errors.ts';
import { cleanPdf, type PdfRemovals, UnusablePdf } from './clean-pdf.ts';
import { ATTACHMENT_ERROR_CODES, sanitizeAttachment } from './sanitize.ts';

/** Strings that must not survive cleaning, each put where a reporter's PDF could hide it. */
const HIDDEN = {
  title: 'Title-marker-3141',
  author: 'Jane Reporter',
  subject: 'Subject-marker-2718',
  keywords: 'keyword-marker-1618',
  creator: 'Creator-marker-1414',
  producer: 'Producer-marker-1732',
  xmp: 'xmp-marker-0577',
  pageXmp: 'page-xmp-marker-6931',
  pieceInfo: 'piece-info-marker-2236',
  openAction: 'app.alert("pwned")',
  pageAction: 'page-action-marker-4669',
  launch: 'launch-marker-8.exe',
  nextAction: 'next-chain-marker-1202',
  namedScript: 'names-tree-marker-5772',
  outlineScript: 'outline-marker-3090',
  fieldScript: 'field-action-marker-6180',
  xfa: 'xfa-marker-2502',
  embeddedFile: 'EMBEDDED-SECRET-4711',
  attachedFile: 'ATTACHED-SECRET-0815',
  commentAuthor: 'Commenter Name-1123',
};

const VISIBLE = {
  pageOne: 'Visible text on page one',
  pageTwo: 'Visible text on page two',
  uri: 'https://example.org/evidence',
  comment: 'This comment stays',
  fieldValue: 'field value stays',
};

const name = PDFName.of;
const text = PDFString.of;

/** A PDF with every kind of hidden content the cleaner must take out, and visible content it must keep. */
async function reporterPdf(): Promise<Buffer> {
  const document = await PDFDocument.create();
  const { context } = document;
  document.setTitle(HIDDEN.title);
  document.setAuthor(HIDDEN.author);
  document.setSubject(HIDDEN.subject);
  document.setKeywords([HIDDEN.keywords]);
  document.setCreator(HIDDEN.creator);
  document.setProducer(HIDDEN.producer);
  document.setCreationDate(new Date('2026-01-02T03:04:05Z'));

  const font = await document.embedFont(StandardFonts.Helvetica);
  const one = document.addPage();
  one.drawText(VISIBLE.pageOne, { x: 50, y: 700, font, size: 14 });
  const two = document.addPage();
  two.drawText(VISIBLE.pageTwo, { x: 50, y: 700, font, size: 14 });

  const xmp = `<x:xmpmeta xmlns:x="adobe:ns:meta/"><dc:creator>${HIDDEN.author}</dc:creator>${HIDDEN.xmp}</x:xmpmeta>`;
  document.catalog.set(name('Metadata'), context.register(context.flateStream(xmp, { Type: 'Metadata' })));
  one.node.set(name('Metadata'), context.register(context.stream(HIDDEN.pageXmp, { Type: 'Metadata' })));
  one.node.set(name('PieceInfo'), context.obj({ Illustrator: { Private: text(HIDDEN.pieceInfo) } }));

  const javaScript = (script: string) => context.obj({ Type: 'Action', S: 'JavaScript', JS: text(script) });
  document.catalog.set(name('OpenAction'), context.register(javaScript(HIDDEN.openAction)));
  one.node.set(name('AA'), context.obj({ O: javaScript(HIDDEN.pageAction) }));
  document.addJavaScript('init', `console.println("${HIDDEN.namedScript}")`);
  await document.attach(Buffer.from(HIDDEN.embeddedFile), 'evidence.txt', { mimeType: 'text/plain' });

  const rect = (y: number) => [50, y, 250, y + 20];
  const annotation = (fields: Record<string, PDFObject | string | number[]>) =>
    context.register(context.obj({ Type: 'Annot', ...fields }));
  const attachedFile = context.register(context.flateStream(HIDDEN.attachedFile, { Type: 'EmbeddedFile' }));
  const field = annotation({
    Subtype: 'Widget',
    FT: 'Tx',
    T: text('reporter_field'),
    V: text(VISIBLE.fieldValue),
    Rect: rect(400),
    AA: context.obj({ K: javaScript(HIDDEN.fieldScript) }),
  });
  one.node.set(
    name('Annots'),
    context.obj([
      annotation({
        Subtype: 'Link',
        Rect: rect(650),
        A: context.obj({ S: 'Launch', F: text(HIDDEN.launch) }),
      }),
      annotation({ Subtype: 'Link', Rect: rect(600), A: context.obj({ S: 'URI', URI: text(VISIBLE.uri) }) }),
      annotation({
        Subtype: 'Link',
        Rect: rect(550),
        A: context.obj({ S: 'GoTo', D: [two.ref, 'Fit'], Next: javaScript(HIDDEN.nextAction) }),
      }),
      annotation({
        Subtype: 'FileAttachment',
        Rect: rect(500),
        FS: context.obj({ Type: 'Filespec', F: text('notes.txt'), EF: { F: attachedFile } }),
      }),
      annotation({
        Subtype: 'Text',
        Rect: rect(450),
        T: text(HIDDEN.commentAuthor),
        Contents: text(VISIBLE.comment),
      }),
      field,
    ]),
  );
  document.catalog.set(
    name('AcroForm'),
    context.obj({ Fields: [field], XFA: context.register(context.flateStream(`<xdp>${HIDDEN.xfa}</xdp>`)) }),
  );

  const outlines = context.nextRef();
  const [first, second] = [context.nextRef(), context.nextRef()];
  context.assign(outlines, context.obj({ Type: 'Outlines', First: first, Last: second, Count: 2 }));
  context.assign(
    first,
    context.obj({
      Title: text('Chapter one'),
      Parent: outlines,
      Next: second,
      A: javaScript(HIDDEN.outlineScript),
    }),
  );
  context.assign(
    second,
    context.obj({ Title: text('Chapter two'), Parent: outlines, Prev: first, Dest: [two.ref, 'Fit'] }),
  );
  document.catalog.set(name('Outlines'), outlines);

  return Buffer.from(await document.save());
}

/** The raw bytes, then every object again with its streams inflated and its strings decoded. */
async function everythingIn(bytes: Buffer): Promise<string> {
  const { context } = await PDFDocument.load(bytes, { updateMetadata: false });
  const parts = [bytes.toString('latin1')];
  const pending: PDFObject[] = context.enumerateIndirectObjects().map(([, object]) => object);
  for (const value of Object.values(context.trailerInfo)) if (value) pending.push(value);
  for (let object = pending.pop(); object !== undefined; object = pending.pop()) {
    if (object instanceof PDFRawStream) {
      parts.push(Buffer.from(inflated(object)).toString('latin1'));
      pending.push(object.dict);
    } else if (object instanceof PDFDict) {
      for (const [key, value] of object.entries()) {
        parts.push(key.decodeText());
        pending.push(value);
      }
    } else if (object instanceof PDFArray) {
      pending.push(...object.asArray());
    } else if (object instanceof PDFString || object instanceof PDFHexString || object instanceof PDFName) {
      parts.push(object.decodeText());
    }
  }
  return parts.join('\n');
}

function inflated(stream: PDFRawStream): Uint8Array {
  const filter = stream.dict.lookup(name('Filter'));
  const filters = filter instanceof PDFArray ? filter.asArray() : [filter];
  return filters.includes(name('FlateDecode')) ? inflateSync(stream.contents) : stream.contents;
}

function lookupDict(dict: PDFDict, key: string): PDFDict | undefined {
  return dict.lookupMaybe(name(key), PDFDict);
}

function annotations(page: PDFPage): PDFDict[] {
  const annots = page.node.Annots();
  return (annots?.asArray() ?? []).map((ref) => page.doc.context.lookup(ref, PDFDict));
}

function actionOf(annotation: PDFDict): PDFDict | undefined {
  return lookupDict(annotation, 'A');
}

function visibleText(document: PDFDocument): string[] {
  return document
    .getPages()
    .flatMap((page) => page.extractContents())
    .flatMap((asset) => (asset.kind === 'text' ? [asset.getText()] : []));
}

const NOTHING_REMOVED: PdfRemovals = {
  metadata: 0,
  javaScript: 0,
  launchActions: 0,
  otherActions: 0,
  embeddedFiles: 0,
  media: 0,
  xfaForms: 0,
  droppedObjects: 0,
};

async function problemOf(promise: Promise<unknown>): Promise<string | undefined> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(UnusablePdf);
  return (error as UnusablePdf).problem;
}

async function attachmentErrorCode(bytes: Buffer): Promise<string> {
  const error = await sanitizeAttachment({ bytes, fileName: 'a.pdf' }).then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(Invalid);
  return (error as Invalid).code;
}

describe('cleanPdf', () => {
  it('removes metadata, scripts, launch actions and embedded files, wherever they hang', async () => {
    const input = await reporterPdf();
    const before = await everythingIn(input);
    for (const marker of Object.values(HIDDEN)) expect(before).toContain(marker);

    const { bytes, removed } = await cleanPdf(input);

    const after = await everythingIn(bytes);
    for (const marker of Object.values(HIDDEN)) expect(after).not.toContain(marker);
    expect(removed).toMatchObject({ launchActions: 1, embeddedFiles: 2, xfaForms: 1, javaScript: 6 });
    // Information dictionary, catalog and page XMP, /PieceInfo, the comment's author and date.
    expect(removed.metadata).toBeGreaterThanOrEqual(5);
    expect(removed.otherActions).toBe(0);
    expect(removed.droppedObjects).toBeGreaterThan(0);
  });

  it('keeps the pages, their text, the web link, navigation, comments and form fields', async () => {
    const input = await reporterPdf();
    const original = await PDFDocument.load(input);

    const cleaned = await PDFDocument.load((await cleanPdf(input)).bytes);

    expect(cleaned.getPageCount()).toBe(2);
    expect(visibleText(cleaned)).toEqual(visibleText(original));
    expect(visibleText(cleaned).join(' ')).toContain(VISIBLE.pageTwo);
    const links = annotations(cleaned.getPage(0));
    const subtypes = links.map((annotation) => annotation.get(name('Subtype'))?.toString());
    expect(subtypes).toEqual(['/Link', '/Link', '/Link', '/Text', '/Widget']);
    const [launch, web, goTo, comment, field] = links as [PDFDict, PDFDict, PDFDict, PDFDict, PDFDict];
    expect(actionOf(launch)).toBeUndefined();
    expect(actionOf(web)?.lookup(name('URI'), PDFString).decodeText()).toBe(VISIBLE.uri);
    const jump = actionOf(goTo);
    expect(jump?.get(name('S'))).toBe(name('GoTo'));
    expect(jump?.has(name('Next'))).toBe(false);
    expect(comment.lookup(name('Contents'), PDFString).decodeText()).toBe(VISIBLE.comment);
    expect(comment.has(name('T'))).toBe(false);
    expect(field.lookup(name('V'), PDFString).decodeText()).toBe(VISIBLE.fieldValue);
    expect(field.has(name('AA'))).toBe(false);
    expect(
      cleaned
        .getForm()
        .getFields()
        .map((formField) => formField.getName()),
    ).toEqual(['reporter_field']);

    const outlines = lookupDict(cleaned.catalog, 'Outlines') as PDFDict;
    const first = lookupDict(outlines, 'First') as PDFDict;
    const second = lookupDict(first, 'Next') as PDFDict;
    expect(first.lookup(name('Title'), PDFString).decodeText()).toBe('Chapter one');
    expect(first.has(name('A'))).toBe(false);
    expect(second.lookup(name('Title'), PDFString).decodeText()).toBe('Chapter two');
    expect(second.lookup(name('Dest'), PDFArray).get(0)).toBe(cleaned.getPage(1).ref);
  });

  it('writes no information dictionary, file identifier or library name of its own', async () => {
    const { bytes } = await cleanPdf(await reporterPdf());

    const raw = bytes.toString('latin1');
    for (const word of ['pdf-lib', 'Producer', 'ModDate', 'CreationDate', '/Info', '/ID'])
      expect(raw).not.toContain(word);
    const cleaned = await PDFDocument.load(bytes, { updateMetadata: false });
    expect(cleaned.context.trailerInfo.Info).toBeUndefined();
    expect(cleaned.getProducer()).toBeUndefined();
    expect(cleaned.getAuthor()).toBeUndefined();
    expect(cleaned.catalog.has(name('Metadata'))).toBe(false);
  });

  it('takes EXIF, XMP and appended data out of JPEG images, leaving their pixels as they were', async () => {
    const photo = await sharp({
      create: { width: 64, height: 48, channels: 3, background: { r: 200, g: 40, b: 90 } },
    })
      .jpeg()
      .withExifMerge({
        IFD0: { Artist: HIDDEN.author },
        IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '48/1 8/1 0/1' },
      })
      .withXmp(`<x:xmpmeta xmlns:x="adobe:ns:meta/">${HIDDEN.xmp}</x:xmpmeta>`)
      .toBuffer();
    const jpeg = Buffer.concat([photo, Buffer.from(`second image ${HIDDEN.attachedFile}`)]);
    const document = await PDFDocument.create({ updateMetadata: false });
    const image = await document.embedJpg(jpeg);
    document.addPage().drawImage(image, { x: 10, y: 10, width: 64, height: 48 });
    const input = Buffer.from(await document.save());
    expect(input.toString('latin1')).toContain(HIDDEN.author);

    const { bytes, removed } = await cleanPdf(input);

    const after = await everythingIn(bytes);
    for (const marker of [HIDDEN.author, HIDDEN.xmp, HIDDEN.attachedFile, 'Exif'])
      expect(after).not.toContain(marker);
    expect(removed.metadata).toBe(1);
    const [drawn] = (await PDFDocument.load(bytes)).getPage(0).extractContents();
    expect(drawn?.kind).toBe('image');
    const cleanedJpeg = Buffer.from(drawn?.kind === 'image' ? drawn.getBytes() : []);
    const metadata = await sharp(cleanedJpeg).metadata();
    expect([metadata.format, metadata.width, metadata.height, metadata.exif, metadata.xmp]).toEqual([
      'jpeg',
      64,
      48,
      undefined,
      undefined,
    ]);
    const pixels = (input: Buffer) => sharp(input).raw().toBuffer();
    expect((await pixels(cleanedJpeg)).equals(await pixels(photo))).toBe(true);
  });

  it('is idempotent: a cleaned PDF cleans to the same bytes, with nothing removed', async () => {
    const once = await cleanPdf(await reporterPdf());
    const twice = await cleanPdf(once.bytes);

    expect(twice.removed).toEqual(NOTHING_REMOVED);
    expect(twice.bytes.equals(once.bytes)).toBe(true);
  });

  it('refuses an encrypted PDF as encrypted and garbage as damaged', async () => {
    const document = await PDFDocument.create();
    document.addPage().drawText('secret');
    document.encrypt({ userPassword: 'open sesame', ownerPassword: 'owner' });
    const encrypted = Buffer.from(await document.save());
    expect(await problemOf(cleanPdf(encrypted))).toBe('encrypted');
    expect(await attachmentErrorCode(encrypted)).toBe(ATTACHMENT_ERROR_CODES.encrypted);

    const garbage = Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(4096), Buffer.from('\n%%EOF\n')]);
    const noCatalog = Buffer.from(
      '%PDF-1.4\n1 0 obj\n<< /Foo 1 >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n',
    );
    const cutOff = (await reporterPdf()).subarray(0, 2000);
    for (const damaged of [garbage, noCatalog, cutOff]) {
      expect(await problemOf(cleanPdf(damaged))).toBe('damaged');
      expect(await attachmentErrorCode(damaged)).toBe(ATTACHMENT_ERROR_CODES.unreadable);
    }
  });

  // How fast is the benchmark's business (bench/document-http.ts); here only that a large file comes through.
  it('cleans a 5 MB PDF with thousands of objects', async () => {
    const input = await largePdf();
    expect(input.length).toBeGreaterThan(5_000_000);
    const { bytes, removed } = await cleanPdf(input);
    expect(removed.javaScript).toBe(PAGES * LINKS_PER_PAGE);
    expect((await PDFDocument.load(bytes)).getPageCount()).toBe(PAGES);
  });
});

describe('cleanPdf: a PDF as older producers write it', () => {
  it('removes earlier revisions, private catalog entries and escaped names, and keeps the text', async () => {
    const { bytes, removed } = await cleanPdf(revisedPdf());

    const after = await everythingIn(bytes);
    for (const marker of [
      'Old Author-rev1',
      'New Author-rev2',
      'Word 97',
      'vendor-private-marker',
      'escaped-name-marker',
    ])
      expect(after).not.toContain(marker);
    expect(after).not.toContain('0123456789ABCDEF');
    expect(removed).toMatchObject({ javaScript: 1 });
    const cleaned = await PDFDocument.load(bytes);
    expect(cleaned.getPageCount()).toBe(1);
    expect(visibleText(cleaned)).toEqual(['Revised text']);
    expect(annotations(cleaned.getPage(0))).toHaveLength(1);
  });
});

/**
 * A classic PDF with a cross-reference table and an incremental update, as office suites and scanners still
 * write them: the first revision's author stays in the file's bytes after the second revision changed it.
 */
function revisedPdf(): Buffer {
  const first = revision('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n', 0, [
    [1, '<< /Type /Catalog /Pages 2 0 R /VendorPrivate (vendor-private-marker) >>'],
    [2, '<< /Type /Pages /Kids [3 0 R] /Count 1 >>'],
    [
      3,
      '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Annots [6 0 R] ' +
        '/Resources << /Font << /F1 5 0 R >> >> >>',
    ],
    [4, stream('BT /F1 12 Tf 72 720 Td (First text) Tj ET')],
    [5, '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>'],
    [
      6,
      '<< /Type /Annot /Subtype /Link /Rect [72 700 200 712] /A << /S /Java#53cript /JS (escaped-name-marker) >> >>',
    ],
    [7, '<< /Author (Old Author-rev1) /Producer (Word 97) >>'],
  ]);
  const second = revision(first.bytes, first.xref, [
    [4, stream('BT /F1 12 Tf 72 720 Td (Revised text) Tj ET')],
    [7, '<< /Author (New Author-rev2) >>'],
  ]);
  return Buffer.from(second.bytes, 'latin1');

  function revision(before: string, previousXref: number, objects: [number, string][]) {
    let bytes = before;
    const offsets = new Map<number, number>();
    for (const [number, body] of objects) {
      offsets.set(number, bytes.length);
      bytes += `${number} 0 obj\n${body}\nendobj\n`;
    }
    const xref = bytes.length;
    bytes += 'xref\n0 1\n0000000000 65535 f \n';
    for (const [number, offset] of offsets)
      bytes += `${number} 1\n${String(offset).padStart(10, '0')} 00000 n \n`;
    const previous = previousXref ? ` /Prev ${previousXref}` : '';
    const id = '<0123456789ABCDEF0123456789ABCDEF>';
    bytes += `trailer\n<< /Size 8 /Root 1 0 R /Info 7 0 R /ID [${id} ${id}]${previous} >>\nstartxref\n${xref}\n%%EOF\n`;
    return { bytes, xref };
  }

  function stream(content: string): string {
    return `<< /Length ${content.length} >>\nstream\n${content}\nendstream`;
  }
}

const PAGES = 250;
const LINKS_PER_PAGE = 20;

/** 250 pages, each with text, an incompressible 20 KB image and 20 links that run a script: 5.6k objects. */
async function largePdf(): Promise<Buffer> {
  const document = await PDFDocument.create();
  const { context } = document;
  const font = await document.embedFont(StandardFonts.Helvetica);
  for (let index = 0; index < PAGES; index++) {
    const page = document.addPage();
    for (let line = 0; line < 20; line++)
      page.drawText(`Page ${index}, line ${line}`, { x: 50, y: 780 - line * 20, font });
    const pixels = context.stream(randomBytes(20_480), {
      Type: 'XObject',
      Subtype: 'Image',
      Width: 160,
      Height: 128,
      ColorSpace: 'DeviceGray',
      BitsPerComponent: 8,
    });
    page.node.setXObject(name(`Im${index}`), context.register(pixels));
    const links: PDFRef[] = [];
    for (let link = 0; link < LINKS_PER_PAGE; link++) {
      const action = context.obj({ S: 'JavaScript', JS: text(`app.alert(${index}, ${link})`) });
      links.push(
        context.register(
          context.obj({ Type: 'Annot', Subtype: 'Link', Rect: [0, link, 10, link + 10], A: action }),
        ),
      );
    }
    page.node.set(name('Annots'), context.obj(links));
  }
  return Buffer.from(await document.save({ useObjectStreams: false }));
}
