import { crc32 } from 'node:zlib';
import { PDFDocument } from '@cantoo/pdf-lib';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { Invalid } from '../../errors.ts';
import { MAX_FILE_NAME_LENGTH } from './file-name.ts';
import {
  ATTACHMENT_ERROR_CODES,
  type AttachmentErrorCode,
  DEFAULT_MAX_ATTACHMENT_BYTES,
  sanitizeAttachment,
} from './sanitize.ts';

const RED = { r: 255, g: 0, b: 0 };
const BLUE = { r: 0, g: 0, b: 255 };

/** 40×20, red on the left and blue on the right, so a rotation shows in the pixels. */
function twoColourImage() {
  const left = sharp({ create: { width: 20, height: 20, channels: 3, background: RED } }).png();
  return left
    .toBuffer()
    .then((red) =>
      sharp({ create: { width: 40, height: 20, channels: 3, background: BLUE } }).composite([
        { input: red, left: 0, top: 0 },
      ]),
    );
}

const XMP =
  '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">' +
  '<rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator>Jane Reporter</dc:creator>' +
  '</rdf:Description></rdf:RDF></x:xmpmeta>';
const EXIF = {
  IFD0: { Artist: 'Jane Reporter', ImageDescription: 'taken at home' },
  IFD3: {
    GPSLatitudeRef: 'N',
    GPSLatitude: '48/1 8/1 0/1',
    GPSLongitudeRef: 'E',
    GPSLongitude: '11/1 34/1 0/1',
  },
};

const CONTENT_TYPES_DOCX =
  '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override ' +
  'PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>' +
  '</Types>';

/** A Photoshop APP13 segment holding IPTC 2:80 (By-line), inserted after the JPEG's SOI marker. */
function withIptc(jpeg: Buffer, byline: string): Buffer {
  const value = Buffer.from(byline, 'latin1');
  const iptc = Buffer.concat([Buffer.from([0x1c, 0x02, 0x50, 0, value.length]), value]);
  const padded = iptc.length % 2 ? Buffer.concat([iptc, Buffer.alloc(1)]) : iptc;
  const size = Buffer.alloc(4);
  size.writeUInt32BE(iptc.length);
  const resource = Buffer.concat([Buffer.from('8BIM\x04\x04\0\0', 'latin1'), size, padded]);
  const body = Buffer.concat([Buffer.from('Photoshop 3.0\0', 'latin1'), resource]);
  const header = Buffer.from([0xff, 0xed, 0, 0]);
  header.writeUInt16BE(body.length + 2, 2);
  return Buffer.concat([jpeg.subarray(0, 2), header, body, jpeg.subarray(2)]);
}

/** A PNG tEXt chunk inserted right after IHDR. */
function withPngText(png: Buffer, keyword: string, text: string): Buffer {
  const type = Buffer.from('tEXt', 'latin1');
  const data = Buffer.from(`${keyword}\0${text}`, 'latin1');
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([type, data])));
  const afterIhdr = 8 + 25;
  return Buffer.concat([png.subarray(0, afterIhdr), length, type, data, crc, png.subarray(afterIhdr)]);
}

/** A PNG whose header claims `width`×`height`, with almost no pixel data: a decompression bomb's header. */
function pngHeaderClaiming(width: number, height: number): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(Buffer.concat([Buffer.from(type, 'latin1'), data])));
    return Buffer.concat([length, Buffer.from(type, 'latin1'), data, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', Buffer.from([0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01])),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A small, well-formed PDF with a correct cross-reference table; `trailerExtra` goes into the trailer. */
function pdf(trailerExtra = ''): Buffer {
  const objects = ['<< /Type /Catalog /Pages 2 0 R >>', '<< /Type /Pages /Kids [] /Count 0 >>'];
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((object, index) => {
    offsets.push(body.length);
    body += `${index + 1} 0 obj\n${object}\nendobj\n`;
  });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) body += `${String(offset).padStart(10, '0')} 00000 n \n`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R ${trailerExtra}>>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

/** A ZIP archive with stored (uncompressed) entries. */
function zip(entries: Record<string, string>): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, content] of Object.entries(entries)) {
    const nameBytes = Buffer.from(name, 'utf8');
    const data = Buffer.from(content, 'utf8');
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt32LE(crc32(data), 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt32LE(crc32(data), 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, data);
    centrals.push(central, nameBytes);
    offset += local.length + nameBytes.length + data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Object.keys(entries).length, 8);
  end.writeUInt16LE(Object.keys(entries).length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

async function refusal(promise: Promise<unknown>): Promise<Invalid> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(Invalid);
  return error as Invalid;
}

async function expectRefused(promise: Promise<unknown>, code: AttachmentErrorCode, message?: RegExp) {
  const error = await refusal(promise);
  expect(error.code).toBe(code);
  expect(error.status).toBe(422);
  if (message) expect(error.message).toMatch(message);
}

const text = (content: string, fileName = 'notes.txt') =>
  sanitizeAttachment({ bytes: Buffer.from(content, 'utf8'), fileName });

describe('sanitizeAttachment: images', () => {
  it('strips EXIF (GPS, artist), XMP and IPTC from a JPEG and applies its orientation first', async () => {
    const plain = await (await twoColourImage()).jpeg().withMetadata({ orientation: 6 }).withExifMerge(EXIF);
    const input = withIptc(await plain.withXmp(XMP).toBuffer(), 'Jane Reporter');
    const before = await sharp(input).metadata();
    expect([before.width, before.height, before.orientation]).toEqual([40, 20, 6]);
    expect(before.exif?.toString('latin1')).toContain('Jane Reporter');
    expect(before.xmp).toBeDefined();
    expect(before.iptc?.toString('latin1')).toContain('Jane Reporter');

    const result = await sanitizeAttachment({ bytes: input, fileName: 'IMG_0001.JPG' });

    expect(result).toMatchObject({ contentType: 'image/jpeg', fileName: 'IMG_0001.jpg' });
    expect(result.byteLength).toBe(result.bytes.length);
    const after = await sharp(result.bytes).metadata();
    expect(after.format).toBe('jpeg');
    expect(after.exif).toBeUndefined();
    expect(after.xmp).toBeUndefined();
    expect(after.iptc).toBeUndefined();
    expect(after.orientation).toBeUndefined();
    expect(result.bytes.includes('Jane Reporter')).toBe(false);
    // Orientation 6 means "turn 90° clockwise to view": the red left half ends up on top.
    expect([after.width, after.height]).toEqual([20, 40]);
    const { data } = await sharp(result.bytes).raw().toBuffer({ resolveWithObject: true });
    const pixel = (x: number, y: number) => [...data.subarray((y * 20 + x) * 3, (y * 20 + x) * 3 + 3)];
    expect(pixel(10, 5)[0]).toBeGreaterThan(200);
    expect(pixel(10, 35)[2]).toBeGreaterThan(200);
  });

  it('strips text chunks, XMP and EXIF from a PNG', async () => {
    const encoded = await (await twoColourImage()).png().withExif(EXIF).withXmp(XMP).toBuffer();
    const input = withPngText(encoded, 'Author', 'Jane Reporter');
    const before = await sharp(input).metadata();
    expect(before.comments).toEqual([{ keyword: 'Author', text: 'Jane Reporter' }]);
    expect(before.xmp).toBeDefined();
    expect(before.exif).toBeDefined();

    const result = await sanitizeAttachment({ bytes: input, fileName: 'screenshot.png' });

    expect(result.contentType).toBe('image/png');
    const after = await sharp(result.bytes).metadata();
    expect([after.format, after.width, after.height]).toEqual(['png', 40, 20]);
    expect(after.comments).toBeUndefined();
    expect(after.xmp).toBeUndefined();
    expect(after.exif).toBeUndefined();
    expect(result.bytes.includes('Jane Reporter')).toBe(false);
  });

  it('strips EXIF and XMP from a WebP', async () => {
    const input = await (await twoColourImage()).webp().withExif(EXIF).withXmp(XMP).toBuffer();
    expect((await sharp(input).metadata()).exif).toBeDefined();

    const result = await sanitizeAttachment({ bytes: input, fileName: 'photo.webp' });

    const after = await sharp(result.bytes).metadata();
    expect([result.contentType, after.format]).toEqual(['image/webp', 'webp']);
    expect(after.exif).toBeUndefined();
    expect(after.xmp).toBeUndefined();
    expect(result.bytes.includes('Jane Reporter')).toBe(false);
  });

  it('converts to sRGB and drops the ICC profile', async () => {
    const input = await (await twoColourImage()).jpeg().withIccProfile('p3').toBuffer();
    expect((await sharp(input).metadata()).hasProfile).toBe(true);

    const after = await sharp(
      (await sanitizeAttachment({ bytes: input, fileName: 'p3.jpg' })).bytes,
    ).metadata();

    expect(after.hasProfile).toBe(false);
    expect(after.icc).toBeUndefined();
    expect(after.space).toBe('srgb');
  });

  it('accepts a still GIF and keeps every frame of an animated one', async () => {
    const still = await (await twoColourImage()).gif().toBuffer();
    expect((await sanitizeAttachment({ bytes: still, fileName: 'still.gif' })).contentType).toBe('image/gif');

    const frames = Buffer.concat([Buffer.alloc(10 * 10 * 4, 255), Buffer.alloc(10 * 10 * 4, 0)]);
    const animated = await sharp(frames, { raw: { width: 10, height: 20, channels: 4, pageHeight: 10 } })
      .gif({ delay: [200, 200], loop: 0 })
      .toBuffer();
    const result = await sanitizeAttachment({ bytes: animated, fileName: 'clip.gif' });
    const after = await sharp(result.bytes, { animated: true }).metadata();
    expect([after.format, after.pages, after.pageHeight]).toEqual(['gif', 2, 10]);
  });

  it('strips EXIF from an animated WebP and keeps its frames', async () => {
    const frames = Buffer.concat([Buffer.alloc(10 * 10 * 4, 255), Buffer.alloc(10 * 10 * 4, 0)]);
    const input = await sharp(frames, { raw: { width: 10, height: 20, channels: 4, pageHeight: 10 } })
      .webp({ delay: [200, 200], loop: 0 })
      .withMetadata({ orientation: 6 })
      .withExifMerge(EXIF)
      .toBuffer();
    expect((await sharp(input, { animated: true }).metadata()).exif).toBeDefined();

    const result = await sanitizeAttachment({ bytes: input, fileName: 'clip.webp' });

    const after = await sharp(result.bytes, { animated: true }).metadata();
    expect([after.format, after.pages, after.width, after.pageHeight]).toEqual(['webp', 2, 10, 10]);
    expect(after.exif).toBeUndefined();
    expect(result.bytes.includes('Jane Reporter')).toBe(false);
  });

  it('refuses an image with more pixels than allowed, before decoding it', async () => {
    const input = await (await twoColourImage()).png().toBuffer();
    await expectRefused(
      sanitizeAttachment({ bytes: input, fileName: 'a.png' }, { maxBytes: 1024 * 1024, maxPixels: 799 }),
      ATTACHMENT_ERROR_CODES.imageTooLarge,
      /800 pixels; at most 799/,
    );
    // A few hundred bytes that claim 30000×30000 pixels: the default limit refuses them from the header.
    await expectRefused(
      sanitizeAttachment({ bytes: pngHeaderClaiming(30_000, 30_000), fileName: 'bomb.png' }),
      ATTACHMENT_ERROR_CODES.imageTooLarge,
      /900 megapixels; at most 64 megapixels/,
    );
  });

  it('refuses a truncated JPEG as unreadable', async () => {
    const noise = Buffer.alloc(64 * 64 * 3);
    for (let i = 0; i < noise.length; i++) noise[i] = (i * 2_654_435_761) >>> 24;
    const jpeg = await sharp(noise, { raw: { width: 64, height: 64, channels: 3 } })
      .jpeg()
      .toBuffer();
    await expectRefused(
      sanitizeAttachment({ bytes: jpeg.subarray(0, Math.floor(jpeg.length * 0.8)), fileName: 'cut.jpg' }),
      ATTACHMENT_ERROR_CODES.unreadable,
      /JPEG image but cannot be read/,
    );
  });

  it('refuses bytes that only start like a GIF as unreadable', async () => {
    await expectRefused(text('GIF89a and then nothing that decodes'), ATTACHMENT_ERROR_CODES.unreadable);
  });
});

describe('sanitizeAttachment: types are sniffed from the content', () => {
  it('recognises a renamed file and gives it the right extension', async () => {
    const jpeg = await (await twoColourImage()).jpeg().toBuffer();
    const image = await sanitizeAttachment({ bytes: jpeg, fileName: 'photo.exe' });
    expect([image.contentType, image.fileName]).toEqual(['image/jpeg', 'photo.jpg']);

    const document = await sanitizeAttachment({ bytes: pdf(), fileName: 'minutes.txt' });
    expect([document.contentType, document.fileName]).toEqual(['application/pdf', 'minutes.pdf']);
  });

  it.each([
    ['a Windows program', Buffer.concat([Buffer.from('MZ'), Buffer.alloc(126)]), 'photo.jpg'],
    [
      'a Linux program',
      Buffer.concat([Buffer.from('\x7fELF\x02\x01\x01', 'latin1'), Buffer.alloc(57)]),
      'a.txt',
    ],
    ['a ZIP archive', zip({ 'readme.txt': 'hello' }), 'photos.png'],
    [
      'a Word document',
      zip({ '[Content_Types].xml': CONTENT_TYPES_DOCX, 'word/document.xml': '<w:document/>' }),
      'report.pdf',
    ],
    ['an HTML or other markup document', Buffer.from('<!DOCTYPE html><script>alert(1)</script>'), 'a.txt'],
    ['an SVG image', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'), 'a.png'],
    [
      'an XML document',
      Buffer.from('<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"/>'),
      'a.svg',
    ],
    [
      'a HEIC photo',
      Buffer.concat([Buffer.from('\0\0\0\x18ftypheic\0\0\0\0mif1heic', 'latin1'), Buffer.alloc(40)]),
      'IMG_0001.HEIC',
    ],
  ])('refuses %s, naming it', async (words, bytes, fileName) => {
    const error = await refusal(sanitizeAttachment({ bytes, fileName }));
    expect(error.code).toBe(ATTACHMENT_ERROR_CODES.typeNotAllowed);
    expect(error.message).toContain(words);
    expect(error.message).toContain('JPEG images');
  });

  it('refuses markup even after a byte-order mark and white space', async () => {
    await expectRefused(
      text('\uFEFF \n  <html><body>hi</body></html>'),
      ATTACHMENT_ERROR_CODES.typeNotAllowed,
    );
  });
});

describe('sanitizeAttachment: size', () => {
  it('refuses an empty file', async () => {
    await expectRefused(
      sanitizeAttachment({ bytes: Buffer.alloc(0), fileName: 'a.txt' }),
      ATTACHMENT_ERROR_CODES.empty,
    );
  });

  it('refuses a file above the limit, by default 10 MiB', async () => {
    await expectRefused(
      sanitizeAttachment({ bytes: Buffer.from('x'.repeat(2049)), fileName: 'a.txt' }, { maxBytes: 2048 }),
      ATTACHMENT_ERROR_CODES.tooLarge,
      /2 KiB; attachments may be at most 2 KiB/,
    );
    await expect(
      sanitizeAttachment({ bytes: Buffer.alloc(2048, 'x'), fileName: 'a.txt' }, { maxBytes: 2048 }),
    ).resolves.toMatchObject({ byteLength: 2048 });
    expect(DEFAULT_MAX_ATTACHMENT_BYTES).toBe(10 * 1024 * 1024);
    await expectRefused(
      sanitizeAttachment({ bytes: Buffer.alloc(DEFAULT_MAX_ATTACHMENT_BYTES + 1, 'x'), fileName: 'a.txt' }),
      ATTACHMENT_ERROR_CODES.tooLarge,
      /at most 10 MiB/,
    );
  });
});

describe('sanitizeAttachment: text', () => {
  it('keeps valid UTF-8 text byte for byte', async () => {
    const content = 'Grüße aus Köln: "<3" and <b> later on are fine. 😀\n';
    const result = await text(content, 'Notiz');
    expect(result).toMatchObject({ contentType: 'text/plain; charset=utf-8', fileName: 'Notiz.txt' });
    expect(result.bytes.toString('utf8')).toBe(content);
  });

  it('refuses invalid UTF-8 and text with NUL bytes', async () => {
    const latin1 = Buffer.from('Gr\xfc\xdfe', 'latin1');
    await expectRefused(
      sanitizeAttachment({ bytes: latin1, fileName: 'a.txt' }),
      ATTACHMENT_ERROR_CODES.typeNotAllowed,
      /neither a known format nor UTF-8 text/,
    );
    await expectRefused(text('abc\0def'), ATTACHMENT_ERROR_CODES.typeNotAllowed);
  });
});

describe('sanitizeAttachment: PDF', () => {
  it('rewrites a PDF without its author, keeping its pages (clean-pdf.test.ts has the details)', async () => {
    const document = await PDFDocument.create();
    document.setAuthor('Jane Reporter');
    document.addPage().drawText('Minutes of the meeting');
    const input = Buffer.from(await document.save());
    expect((await PDFDocument.load(input)).getAuthor()).toBe('Jane Reporter');

    const result = await sanitizeAttachment({ bytes: input, fileName: 'minutes.pdf' });

    expect(result).toMatchObject({ contentType: 'application/pdf', byteLength: result.bytes.length });
    const cleaned = await PDFDocument.load(result.bytes, { updateMetadata: false });
    expect([cleaned.getPageCount(), cleaned.getAuthor()]).toEqual([1, undefined]);
    // A PDF without pages stays one.
    const empty = await sanitizeAttachment({ bytes: pdf(), fileName: 'empty.pdf' });
    expect((await PDFDocument.load(empty.bytes)).getPageCount()).toBe(0);
  });

  it('refuses an encrypted PDF, also when the name is written with # escapes', async () => {
    const encryption = '/Encrypt 3 0 R /ID [<01> <01>] ';
    await expectRefused(
      sanitizeAttachment({ bytes: pdf(encryption), fileName: 'a.pdf' }),
      ATTACHMENT_ERROR_CODES.encrypted,
    );
    await expectRefused(
      sanitizeAttachment({ bytes: pdf('/Encr#79pt 3 0 R '), fileName: 'a.pdf' }),
      ATTACHMENT_ERROR_CODES.encrypted,
    );
    // Similar names are not encryption.
    await expect(
      sanitizeAttachment({ bytes: pdf('/EncryptMetadata false /Encrypted 1 '), fileName: 'a.pdf' }),
    ).resolves.toMatchObject({ contentType: 'application/pdf' });
  });

  it('refuses a cut-off PDF and one without a proper header', async () => {
    const whole = pdf();
    await expectRefused(
      sanitizeAttachment({ bytes: whole.subarray(0, whole.length - 10), fileName: 'a.pdf' }),
      ATTACHMENT_ERROR_CODES.unreadable,
      /PDF document/,
    );
    const noDash = Buffer.concat([Buffer.from('%PDF1.4'), whole.subarray('%PDF-1.4'.length)]);
    await expectRefused(
      sanitizeAttachment({ bytes: noDash, fileName: 'a.pdf' }),
      ATTACHMENT_ERROR_CODES.unreadable,
    );
  });
});

describe('sanitizeAttachment: file names', () => {
  const nameFor = async (fileName: string) => (await text('hello', fileName)).fileName;

  it('keeps only the base name', async () => {
    expect(await nameFor('../../etc/passwd')).toBe('passwd.txt');
    expect(await nameFor('C:\\Users\\jane.doe\\Desktop\\notes.txt')).toBe('notes.txt');
    expect(await nameFor('..')).toBe('attachment.txt');
    expect(await nameFor('dir/')).toBe('attachment.txt');
  });

  it('removes bidi overrides, so the extension shown is the real one', async () => {
    const name = (await sanitizeAttachment({ bytes: pdf(), fileName: 'invoice\u202Efdp.exe' })).fileName;
    expect(name).toBe('invoicefdp.pdf');
    expect(await nameFor('a\u2066b\u2069c\u200F.txt')).toBe('abc.txt');
  });

  it('removes control characters and leading dots, and normalises to NFC', async () => {
    expect(await nameFor('a\u0000b\nc\u0085d\u2028.txt')).toBe('abcd.txt');
    expect(await nameFor('.htaccess')).toBe('htaccess.txt');
    expect(await nameFor(' . .hidden')).toBe('hidden.txt');
    expect(await nameFor('Cafe\u0301.txt')).toBe('Caf\u00e9.txt');
    expect(await nameFor('what? a "note": <draft>|*.txt')).toBe('what_ a _note__ _draft___.txt');
  });

  it('replaces the extension only where there is one', async () => {
    expect(await nameFor('notes v1.2')).toBe('notes v1.2.txt');
    expect(await nameFor('report.final.DOCX')).toBe('report.final.txt');
    expect(await nameFor('trailing dots...')).toBe('trailing dots.txt');
  });

  it('falls back to attachment.<ext> for an empty name', async () => {
    expect(await nameFor('')).toBe('attachment.txt');
    expect(await nameFor('\u202E\u0000  ')).toBe('attachment.txt');
  });

  it(`cuts long names to ${MAX_FILE_NAME_LENGTH} code points without splitting a character`, async () => {
    const long = await nameFor(`${'a'.repeat(300)}.txt`);
    expect(long).toBe(`${'a'.repeat(MAX_FILE_NAME_LENGTH - 4)}.txt`);

    const emoji = await nameFor(`${'👩‍💻'.repeat(100)}.txt`);
    expect([...emoji].length).toBeLessThanOrEqual(MAX_FILE_NAME_LENGTH);
    expect(emoji).toBe(emoji.toWellFormed());
    expect(
      emoji
        .replace(/\.txt$/u, '')
        .split('👩‍💻')
        .join(''),
    ).toBe('');
  });
});
