import sharp, { type Sharp, type SharpOptions } from 'sharp';
import type { ImageAttachmentType } from './allowed-types.ts';

export type ReencodedImage =
  | { ok: true; bytes: Buffer }
  | { ok: false; problem: 'unreadable' }
  | { ok: false; problem: 'too_many_pixels'; pixels: number };

type ImageFormat = 'jpeg' | 'png' | 'webp' | 'gif';

const FORMATS: Readonly<Record<ImageAttachmentType['contentType'], ImageFormat>> = {
  'image/jpeg': 'jpeg',
  'image/png': 'png',
  'image/webp': 'webp',
  'image/gif': 'gif',
};

// Lossy formats are re-encoded at a high quality: an attachment may be evidence, and fine detail (a licence
// plate, handwriting) should survive.
const ENCODERS: Readonly<Record<ImageFormat, (pipeline: Sharp) => Sharp>> = {
  jpeg: (pipeline) => pipeline.jpeg({ quality: 90 }),
  png: (pipeline) => pipeline.png(),
  webp: (pipeline) => pipeline.webp({ quality: 90 }),
  gif: (pipeline) => pipeline.gif(),
};

const ENCODE_TIMEOUT_SECONDS = 30;

/**
 * The image decoded and encoded again in its own format, upright, with no metadata at all: no EXIF (GPS,
 * camera, author), XMP, IPTC, comments or text chunks, and no ICC profile (colours are converted to sRGB,
 * because a profile can name a device or its owner; the cost is that wide-gamut colours are clipped).
 * Whatever hides between or after the image data (a polyglot's second file) does not survive either.
 * Animated GIF and WebP keep all their frames (not turned upright); `maxPixels` counts all frames' pixels.
 */
export async function reencodeImage(
  bytes: Buffer,
  type: ImageAttachmentType,
  maxPixels: number,
): Promise<ReencodedImage> {
  const format = FORMATS[type.contentType];
  const animated = format === 'gif' || format === 'webp';
  // The header alone gives the size, so a decompression bomb is refused before any pixel is decoded.
  const header: SharpOptions = { animated, failOn: 'warning', limitInputPixels: false };
  let pixels: number;
  let frames: number;
  try {
    const metadata = await sharp(bytes, header).metadata();
    if (metadata.format !== format) return { ok: false, problem: 'unreadable' };
    pixels = metadata.width * metadata.height;
    frames = metadata.pages ?? 1;
  } catch {
    return { ok: false, problem: 'unreadable' };
  }
  if (pixels > maxPixels) return { ok: false, problem: 'too_many_pixels', pixels };

  try {
    const pipeline = sharp(bytes, { ...header, limitInputPixels: maxPixels }).timeout({
      seconds: ENCODE_TIMEOUT_SECONDS,
    });
    // libvips cannot rotate an animation; its EXIF orientation (rare: cameras do not write animations) is
    // dropped with the rest of the metadata rather than the file refused.
    if (frames === 1) pipeline.rotate();
    return { ok: true, bytes: await ENCODERS[format](pipeline).toBuffer() };
  } catch {
    return { ok: false, problem: 'unreadable' };
  }
}
