import { randomBytes } from 'node:crypto';
import { crc32, deflateRawSync } from 'node:zlib';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { Invalid } from '../../errors.ts';
import { DOCUMENT_TYPES } from './document-types.ts';
import {
  checkDocumentStream,
  DOCUMENT_ERROR_CODES,
  type DocumentErrorCode,
  SNIFF_BYTES,
  safeDocumentFileName,
  sniffDocument,
} from './sniff-document.ts';

interface ZipEntry {
  name: string;
  content: string | Buffer;
  /** Real Office deflates every part; ODF stores its `mimetype` entry. */
  stored?: boolean;
}

/**
 * A ZIP archive with its entries in the given order, deflated unless `stored`. With `dataDescriptor`, sizes
 * and CRC follow each entry's data instead of its local header, as streaming writers (Java, Google) do.
 */
function zip(entries: readonly ZipEntry[], options: { dataDescriptor?: boolean } = {}): Buffer {
  const parts: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  const flags = options.dataDescriptor ? 0x0808 : 0x0800;
  for (const entry of entries) {
    const name = Buffer.from(entry.name, 'utf8');
    const data = Buffer.from(entry.content);
    const body = entry.stored ? data : deflateRawSync(data);
    const method = entry.stored ? 0 : 8;
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(flags, 6);
    local.writeUInt16LE(method, 8);
    if (!options.dataDescriptor) {
      local.writeUInt32LE(crc, 14);
      local.writeUInt32LE(body.length, 18);
      local.writeUInt32LE(data.length, 22);
    }
    local.writeUInt16LE(name.length, 26);
    parts.push(local, name, body);
    if (options.dataDescriptor) {
      const descriptor = Buffer.alloc(16);
      descriptor.writeUInt32LE(0x08074b50, 0);
      descriptor.writeUInt32LE(crc, 4);
      descriptor.writeUInt32LE(body.length, 8);
      descriptor.writeUInt32LE(data.length, 12);
      parts.push(descriptor);
    }
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(flags, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, name);
    offset += parts.slice(-(options.dataDescriptor ? 4 : 3)).reduce((sum, part) => sum + part.length, 0);
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...parts, directory, end]);
}

const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';

/** An OOXML package in the order Office writes it: [Content_Types].xml first. */
function ooxml(
  mainPart: string,
  mainContentType: string,
  options: { extra?: ZipEntry[]; dataDescriptor?: boolean } = {},
): Buffer {
  const contentTypes =
    `${XML_DECLARATION}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
    '<Default Extension="xml" ContentType="application/xml"/>' +
    `<Override PartName="/${mainPart}" ContentType="${mainContentType}"/>` +
    '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>' +
    '</Types>';
  const rels =
    `${XML_DECLARATION}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
    `<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="${mainPart}"/>` +
    '</Relationships>';
  return zip(
    [
      { name: '[Content_Types].xml', content: contentTypes },
      { name: '_rels/.rels', content: rels },
      ...(options.extra ?? []),
      { name: mainPart, content: `${XML_DECLARATION}<root/>` },
      { name: 'docProps/core.xml', content: `${XML_DECLARATION}<cp:coreProperties/>` },
    ],
    { dataDescriptor: options.dataDescriptor },
  );
}

const docx = (options?: Parameters<typeof ooxml>[2]) =>
  ooxml(
    'word/document.xml',
    'application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml',
    options,
  );

/** An OpenDocument package: an uncompressed `mimetype` entry first, as the specification demands. */
function odf(mimeType: string): Buffer {
  return zip([
    { name: 'mimetype', content: mimeType, stored: true },
    { name: 'content.xml', content: `${XML_DECLARATION}<office:document-content office:version="1.3"/>` },
    {
      name: 'META-INF/manifest.xml',
      content: `${XML_DECLARATION}<manifest:manifest><manifest:file-entry manifest:full-path="/" manifest:media-type="${mimeType}"/></manifest:manifest>`,
    },
  ]);
}

/** The header sector of a Compound File (version 3, 512-byte sectors) and two empty sectors. */
function compoundFile(): Buffer {
  const bytes = Buffer.alloc(3 * 512, 0xff);
  Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]).copy(bytes);
  bytes.fill(0, 8, 0x4c);
  bytes.writeUInt16LE(0x3e, 0x18);
  bytes.writeUInt16LE(3, 0x1a);
  bytes.writeUInt16LE(0xfffe, 0x1c);
  bytes.writeUInt16LE(9, 0x1e);
  bytes.writeUInt16LE(6, 0x20);
  return bytes;
}

/** A small PDF with a correct cross-reference table. */
function pdf(padding = 0): Buffer {
  const objects = ['<< /Type /Catalog /Pages 2 0 R >>', '<< /Type /Pages /Kids [] /Count 0 >>'];
  let body = `%PDF-1.7\n%${'\u00e2\u00e3\u00cf\u00d3'}\n`;
  const offsets: number[] = [];
  objects.forEach((object, index) => {
    offsets.push(Buffer.byteLength(body, 'latin1'));
    body += `${index + 1} 0 obj\n${object}\nendobj\n`;
  });
  body += `% ${'x'.repeat(padding)}\n`;
  const xref = Buffer.byteLength(body, 'latin1');
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) body += `${String(offset).padStart(10, '0')} 00000 n \n`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

function image(format: 'jpeg' | 'png' | 'webp' | 'gif'): Promise<Buffer> {
  return sharp({ create: { width: 16, height: 8, channels: 3, background: { r: 200, g: 30, b: 30 } } })
    .toFormat(format)
    .toBuffer();
}

const EMAIL = [
  'Return-Path: <jane@example.org>',
  'Delivered-To: team@example.com',
  'Received: from mail.example.org (mail.example.org [192.0.2.1])',
  '\tby mx.example.com with ESMTPS; Tue, 3 Mar 2026 09:00:00 +0100',
  'From: Jane Doe <jane@example.org>',
  'To: team@example.com',
  'Subject: =?utf-8?q?Drohung_gegen_Mitarbeiterin?=',
  'Date: Tue, 3 Mar 2026 09:00:00 +0100',
  'Message-ID: <20260303090000.1@example.org>',
  'MIME-Version: 1.0',
  'Content-Type: text/plain; charset=utf-8',
  '',
  'Sehr geehrte Damen und Herren, gestern hat Herr Müller gedroht …',
  '',
].join('\r\n');

const text = (content: string) => Buffer.from(content, 'utf8');

async function* pieces(bytes: Buffer, size: number, onClose?: () => void): AsyncGenerator<Buffer> {
  try {
    for (let at = 0; at < bytes.length; at += size) yield Buffer.from(bytes.subarray(at, at + size));
  } finally {
    onClose?.();
  }
}

async function collect(content: AsyncIterable<Buffer>): Promise<Buffer> {
  const received: Buffer[] = [];
  for await (const piece of content) received.push(piece);
  return Buffer.concat(received);
}

/** Consumes `content` until it fails; returns the error and how many bytes had been passed on. */
async function consumeUntilFailure(
  content: AsyncIterable<Buffer>,
): Promise<{ error: Invalid; received: number }> {
  let received = 0;
  try {
    for await (const piece of content) received += piece.length;
  } catch (error) {
    expect(error).toBeInstanceOf(Invalid);
    return { error: error as Invalid, received };
  }
  throw new Error('the stream did not fail');
}

async function refusal(promise: Promise<unknown>, code: DocumentErrorCode): Promise<Invalid> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(Invalid);
  expect((error as Invalid).code).toBe(code);
  expect((error as Invalid).status).toBe(422);
  return error as Invalid;
}

describe('sniffDocument: accepted types', () => {
  const cases: Array<{
    what: string;
    fileName: string;
    bytes: () => Buffer | Promise<Buffer>;
    contentType: string;
  }> = [
    { what: 'a PDF', fileName: 'Gutachten.pdf', bytes: () => pdf(), contentType: 'application/pdf' },
    { what: 'a JPEG', fileName: 'screenshot.jpeg', bytes: () => image('jpeg'), contentType: 'image/jpeg' },
    { what: 'a PNG', fileName: 'screenshot.png', bytes: () => image('png'), contentType: 'image/png' },
    { what: 'a WebP image', fileName: 'photo.webp', bytes: () => image('webp'), contentType: 'image/webp' },
    { what: 'a GIF', fileName: 'anim.gif', bytes: () => image('gif'), contentType: 'image/gif' },
    {
      what: 'a docx',
      fileName: 'Protokoll.docx',
      bytes: () => docx(),
      contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    },
    {
      what: 'a docx written with data descriptors',
      fileName: 'export.docx',
      bytes: () => docx({ dataDescriptor: true }),
      contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    },
    {
      what: 'an xlsx',
      fileName: 'Liste.xlsx',
      bytes: () =>
        ooxml(
          'xl/workbook.xml',
          'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml',
        ),
      contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    },
    {
      what: 'a pptx',
      fileName: 'Folien.pptx',
      bytes: () =>
        ooxml(
          'ppt/presentation.xml',
          'application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml',
        ),
      contentType: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
    },
    {
      what: 'an odt',
      fileName: 'Brief.odt',
      bytes: () => odf('application/vnd.oasis.opendocument.text'),
      contentType: 'application/vnd.oasis.opendocument.text',
    },
    {
      what: 'an ods',
      fileName: 'Tabelle.ods',
      bytes: () => odf('application/vnd.oasis.opendocument.spreadsheet'),
      contentType: 'application/vnd.oasis.opendocument.spreadsheet',
    },
    {
      what: 'an odp',
      fileName: 'Vortrag.odp',
      bytes: () => odf('application/vnd.oasis.opendocument.presentation'),
      contentType: 'application/vnd.oasis.opendocument.presentation',
    },
    {
      what: 'a CFB named .doc',
      fileName: 'Brief.doc',
      bytes: compoundFile,
      contentType: 'application/msword',
    },
    {
      what: 'a CFB named .XLS',
      fileName: 'ALT.XLS',
      bytes: compoundFile,
      contentType: 'application/vnd.ms-excel',
    },
    {
      what: 'a CFB named .ppt',
      fileName: 'C:\\Users\\tm\\Folien.ppt',
      bytes: compoundFile,
      contentType: 'application/vnd.ms-powerpoint',
    },
    {
      what: 'a CFB named .msg',
      fileName: 'AW: Drohung.msg',
      bytes: compoundFile,
      contentType: 'application/vnd.ms-outlook',
    },
    {
      what: 'an e-mail named .eml',
      fileName: 'mail.eml',
      bytes: () => text(EMAIL),
      contentType: 'message/rfc822',
    },
    {
      what: 'an e-mail under another name',
      fileName: 'mail.txt',
      bytes: () => text(EMAIL),
      contentType: 'message/rfc822',
    },
    {
      what: 'UTF-8 text with umlauts',
      fileName: 'Notiz.txt',
      bytes: () => text('Gesprächsnotiz: Frau Özdemir fühlt sich bedroht. 💬\n'),
      contentType: 'text/plain; charset=utf-8',
    },
  ];

  it.each(cases)('accepts $what', async ({ fileName, bytes, contentType }) => {
    const result = await sniffDocument(await bytes(), fileName);
    expect(result).toMatchObject({ allowed: true, type: { contentType } });
  });

  it('accepts every type on the list, with its kind', async () => {
    const found = new Set<string>();
    for (const { fileName, bytes } of cases) {
      const result = await sniffDocument(await bytes(), fileName);
      if (result.allowed) found.add(`${result.type.contentType} ${result.type.kind}`);
    }
    expect([...found].sort()).toEqual(
      DOCUMENT_TYPES.map((type) => `${type.contentType} ${type.kind}`).sort(),
    );
  });

  it('stores a shell script inertly as plain text', async () => {
    const result = await sniffDocument(text('#!/bin/sh\nrm -rf "$HOME"\n'), 'cleanup.sh');
    expect(result).toMatchObject({ allowed: true, type: { contentType: 'text/plain; charset=utf-8' } });
  });

  it('reads text whose first letters happen to be a binary signature as text', async () => {
    for (const note of ['BMW-Werk Dingolfing: Gespräch am Montag\n', 'MZ-Abteilung, Besprechung\n']) {
      expect(await sniffDocument(text(note), 'notiz.txt')).toMatchObject({
        allowed: true,
        type: { extension: 'txt' },
      });
    }
  });

  it('reads a memo that opens with header-like lines as text unless it is clearly a message', async () => {
    const memo = text('Subject: Treffen mit Herrn K.\nFrom: Anna\nDate: Montag\n\nWir haben besprochen …\n');
    expect(await sniffDocument(memo, 'memo.txt')).toMatchObject({ type: { extension: 'txt' } });
    expect(await sniffDocument(memo, 'memo.eml')).toMatchObject({ type: { extension: 'eml' } });
    const saved = text(
      'From: jane@example.org\nTo: team@example.com\nDate: Tue, 3 Mar 2026 09:00:00 +0100\n\nHi\n',
    );
    expect(await sniffDocument(saved, 'saved.txt')).toMatchObject({ type: { extension: 'eml' } });
    const notHeaders = text('From: jane@example.org\nTo: team@example.com\nHallo zusammen\n');
    expect(await sniffDocument(notHeaders, 'mail.eml')).toMatchObject({ type: { extension: 'txt' } });
    const mbox = text('From jane@example.org Tue Mar  3 09:00:00 2026\nFrom: jane@example.org\n');
    expect(await sniffDocument(mbox, 'mail.eml')).toMatchObject({ type: { extension: 'txt' } });
  });
});

describe('sniffDocument: refused types', () => {
  const elf = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]), Buffer.alloc(56)]);
  const pe = Buffer.alloc(256);
  pe.write('MZ', 0, 'latin1');
  pe.writeUInt32LE(0x80, 0x3c);
  pe.write('PE\0\0', 0x80, 'latin1');
  const bmp = Buffer.alloc(70);
  bmp.write('BM', 0, 'latin1');
  bmp.writeUInt32LE(70, 2);
  bmp.writeUInt32LE(54, 10);
  bmp.writeUInt32LE(40, 14);

  const cases: Array<{ what: string; fileName: string; bytes: Buffer; description: RegExp }> = [
    { what: 'an ELF program', fileName: 'report.pdf', bytes: elf, description: /Linux program/u },
    { what: 'a Windows program', fileName: 'report.pdf', bytes: pe, description: /Windows program/u },
    {
      what: 'a CFB named .bin',
      fileName: 'data.bin',
      bytes: compoundFile(),
      description: /\.doc, \.xls, \.ppt or \.msg/u,
    },
    { what: 'a CFB named .exe', fileName: 'setup.exe', bytes: compoundFile(), description: /legacy Office/u },
    { what: 'a CFB without a name', fileName: '', bytes: compoundFile(), description: /legacy Office/u },
    {
      what: 'a plain ZIP',
      fileName: 'Brief.docx',
      bytes: zip([{ name: 'notes.txt', content: 'hello' }]),
      description: /ZIP archive/u,
    },
    {
      what: 'a docm',
      fileName: 'Brief.docx',
      bytes: ooxml('word/document.xml', 'application/vnd.ms-word.document.macroEnabled.main+xml'),
      description: /Word document with macros/u,
    },
    {
      what: 'an ODF drawing',
      fileName: 'x.odt',
      bytes: odf('application/vnd.oasis.opendocument.graphics'),
      description: /OpenDocument drawing/u,
    },
    { what: 'a BMP image', fileName: 'x.png', bytes: bmp, description: /BMP image/u },
    { what: 'RTF', fileName: 'Brief.txt', bytes: text('{\\rtf1\\ansi Hallo}'), description: /RTF/u },
    {
      what: 'HTML',
      fileName: 'page.txt',
      bytes: text('<!DOCTYPE html>\n<html><script>alert(1)</script></html>'),
      description: /web page/u,
    },
    {
      what: 'HTML after a BOM and white space',
      fileName: 'page.txt',
      bytes: text('\uFEFF  \r\n\t<html lang="de"><body onload="x()">'),
      description: /web page/u,
    },
    {
      what: 'other markup',
      fileName: 'x.txt',
      bytes: text('<script>alert(1)</script>'),
      description: /markup/u,
    },
    {
      what: 'SVG',
      fileName: 'logo.png',
      bytes: text('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
      description: /SVG image/u,
    },
    {
      what: 'SVG with an XML declaration',
      fileName: 'logo.txt',
      bytes: text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE svg>\n<svg xmlns="http://www.w3.org/2000/svg"/>',
      ),
      description: /SVG image/u,
    },
    {
      what: 'UTF-16 text',
      fileName: 'notes.txt',
      bytes: Buffer.from('\uFEFFHallo', 'utf16le'),
      description: /neither a known format nor UTF-8 text/u,
    },
    {
      what: 'unknown binary',
      fileName: 'notes.txt',
      bytes: Buffer.from([0x13, 0x37, 0x00, 0xff, 0xfe, 0x80, 0x81]),
      description: /neither a known format nor UTF-8 text/u,
    },
  ];

  it.each(cases)('refuses $what', async ({ fileName, bytes, description }) => {
    const result = await sniffDocument(bytes, fileName);
    expect(result.allowed).toBe(false);
    if (!result.allowed) expect(result.description).toMatch(description);
  });
});

describe('checkDocumentStream', () => {
  it('sniffs a large docx from its head and passes every byte on, head first', async () => {
    const media = randomBytes(300 * 1024);
    const bytes = docx({ extra: [{ name: 'word/media/image1.png', content: media, stored: true }] });
    expect(bytes.length).toBeGreaterThan(4 * SNIFF_BYTES);

    const { type, content } = await checkDocumentStream(pieces(bytes, 16 * 1024), 'Bericht.docx', {
      maxBytes: 1024 ** 3,
    });

    expect(type).toMatchObject({ extension: 'docx', kind: 'office' });
    expect((await collect(content)).equals(bytes)).toBe(true);
  });

  it('sniffs an odt whose content does not fit in the head', async () => {
    const bytes = zip([
      { name: 'mimetype', content: 'application/vnd.oasis.opendocument.text', stored: true },
      { name: 'Pictures/photo.jpg', content: randomBytes(200 * 1024), stored: true },
      { name: 'content.xml', content: '<office:document-content/>' },
    ]);
    const { type, content } = await checkDocumentStream(pieces(bytes, 50_000), 'Brief.odt', {
      maxBytes: 1e9,
    });
    expect(type.extension).toBe('odt');
    expect((await collect(content)).equals(bytes)).toBe(true);
  });

  it('works for a file shorter than the head', async () => {
    const bytes = text('Hallo Welt');
    expect(bytes.length).toBe(10);
    const { type, content } = await checkDocumentStream(pieces(bytes, 4), 'hallo.txt', { maxBytes: 100 });
    expect(type.contentType).toBe('text/plain; charset=utf-8');
    expect((await collect(content)).toString('utf8')).toBe('Hallo Welt');
  });

  it('refuses an empty stream', async () => {
    await refusal(
      checkDocumentStream(pieces(Buffer.alloc(0), 10), 'x.pdf', { maxBytes: 100 }),
      'document_empty',
    );
    const empties = (async function* () {
      yield Buffer.alloc(0);
      yield Buffer.alloc(0);
    })();
    await refusal(checkDocumentStream(empties, 'x.pdf', { maxBytes: 100 }), 'document_empty');
  });

  it('refuses a type not allowed before passing anything on, and closes the source', async () => {
    let closed = false;
    const exe = Buffer.concat([Buffer.from('MZ\x90\0\x03\0\0\0', 'latin1'), randomBytes(500_000)]);
    const error = await refusal(
      checkDocumentStream(
        pieces(exe, 64 * 1024, () => (closed = true)),
        'report.pdf',
        { maxBytes: 1e9 },
      ),
      DOCUMENT_ERROR_CODES.typeNotAllowed,
    );
    expect(error.message).toMatch(
      /^This file cannot be added to the case: it is a Windows program\. Allowed are \.pdf/u,
    );
    expect(error.message).toMatch(/\.msg, \.eml and \.txt files/u);
    expect(closed).toBe(true);
  });

  it('refuses at once when the head alone is larger than allowed', async () => {
    await refusal(
      checkDocumentStream(pieces(pdf(100_000), 64 * 1024), 'x.pdf', { maxBytes: 1000 }),
      'document_too_large',
    );
  });

  it('fails a stream once more than maxBytes have passed, without passing them on', async () => {
    let closed = false;
    let produced = 0;
    async function* endless(): AsyncGenerator<Buffer> {
      try {
        yield Buffer.concat([pdf(), Buffer.alloc(64 * 1024 - pdf().length, 0x20)]);
        for (;;) {
          produced += 1;
          yield Buffer.alloc(64 * 1024, 0x20);
        }
      } finally {
        closed = true;
      }
    }
    const maxBytes = 1024 * 1024;

    const { type, content } = await checkDocumentStream(endless(), 'big.pdf', { maxBytes });
    expect(type.contentType).toBe('application/pdf');
    const { error, received } = await consumeUntilFailure(content);

    expect(error.code).toBe(DOCUMENT_ERROR_CODES.tooLarge);
    expect(error.message).toBe('The file is larger than 1 MiB, the most a case document may be.');
    expect(received).toBe(maxBytes);
    expect(produced).toBe(16);
    expect(closed).toBe(true);
  });

  it('fails text at invalid UTF-8 only when the stream reaches it', async () => {
    const line = Buffer.from('Grüße aus München, Ärger im Büro.\n', 'utf8');
    const body = Buffer.alloc(200 * 1024);
    for (let at = 0; at < body.length; at += line.length) line.copy(body, at);
    body.fill(0x20, body.length - line.length);
    const badAt = 150 * 1024 + 3;
    body[badAt] = 0xff;
    let closed = false;

    const { type, content } = await checkDocumentStream(
      pieces(body, 16 * 1024, () => (closed = true)),
      'n.txt',
      {
        maxBytes: 1e9,
      },
    );
    expect(type.extension).toBe('txt');
    const { error, received } = await consumeUntilFailure(content);

    expect(error.code).toBe(DOCUMENT_ERROR_CODES.unreadable);
    expect(error.message).toMatch(
      /^The file starts like a UTF-8 text file but further on is not valid UTF-8/u,
    );
    expect(received).toBe(Math.floor(badAt / (16 * 1024)) * 16 * 1024);
    expect(closed).toBe(true);
  });

  it('fails an e-mail that holds a NUL byte further on', async () => {
    const body = Buffer.concat([
      text(EMAIL),
      Buffer.alloc(100 * 1024, 0x41),
      Buffer.from([0]),
      text('end\n'),
    ]);
    const { type, content } = await checkDocumentStream(pieces(body, 8192), 'mail.eml', { maxBytes: 1e9 });
    expect(type.contentType).toBe('message/rfc822');
    expect((await consumeUntilFailure(content)).error.code).toBe(DOCUMENT_ERROR_CODES.unreadable);
  });

  it('fails text that ends in the middle of a character', async () => {
    const body = Buffer.concat([text('Preis: 5 '), Buffer.from('€', 'utf8').subarray(0, 2)]);
    const { content } = await checkDocumentStream(pieces(body, 3), 'preis.txt', { maxBytes: 1e9 });
    const { error, received } = await consumeUntilFailure(content);
    expect(error.code).toBe(DOCUMENT_ERROR_CODES.unreadable);
    expect(received).toBe(body.length);
  });

  it('accepts characters split across pieces', async () => {
    const body = text('ä€😀'.repeat(30_000));
    for (const size of [4097, 7]) {
      const { content } = await checkDocumentStream(pieces(body, size), 'x.txt', { maxBytes: 1e9 });
      expect((await collect(content)).equals(body)).toBe(true);
    }
  });

  it('does not check binary types as text', async () => {
    const body = Buffer.concat([pdf(), randomBytes(200 * 1024), Buffer.alloc(10)]);
    const { content } = await checkDocumentStream(pieces(body, 65_536), 'x.pdf', { maxBytes: 1e9 });
    expect((await collect(content)).equals(body)).toBe(true);
  });

  it('closes the source when the consumer stops early', async () => {
    let closed = false;
    const body = Buffer.concat([pdf(), randomBytes(300 * 1024)]);
    const { content } = await checkDocumentStream(
      pieces(body, 16 * 1024, () => (closed = true)),
      'x.pdf',
      {
        maxBytes: 1e9,
      },
    );
    for await (const _piece of content) break;
    expect(closed).toBe(true);
  });

  it('passes on a failure of the source', async () => {
    async function* failing(): AsyncGenerator<Buffer> {
      yield Buffer.alloc(SNIFF_BYTES, 0x61);
      throw new Error('connection reset');
    }
    const { content } = await checkDocumentStream(failing(), 'x.txt', { maxBytes: 1e9 });
    await expect(collect(content)).rejects.toThrow('connection reset');
  });
});

describe('safeDocumentFileName', () => {
  it('ends the name in the canonical extension of the sniffed type', () => {
    expect(safeDocumentFileName('x.exe', 'pdf')).toBe('x.pdf');
    expect(safeDocumentFileName('report.pdf', 'pdf')).toBe('report.pdf');
    expect(safeDocumentFileName('Brief.DOCX', 'docx')).toBe('Brief.docx');
    expect(safeDocumentFileName('C:\\Users\\jane\\Protokoll 2026.03.odt', 'odt')).toBe(
      'Protokoll 2026.03.odt',
    );
    expect(safeDocumentFileName('Foto.jpeg', 'jpg')).toBe('Foto.jpg');
    expect(safeDocumentFileName('invoice\u202Efdp.exe', 'pdf')).toBe('invoicefdp.pdf');
  });

  it('falls back to "document" when nothing of the name is left', () => {
    expect(safeDocumentFileName('', 'txt')).toBe('document.txt');
    expect(safeDocumentFileName('../..', 'pdf')).toBe('document.pdf');
    expect(safeDocumentFileName('attachment.exe', 'pdf')).toBe('attachment.pdf');
  });
});
