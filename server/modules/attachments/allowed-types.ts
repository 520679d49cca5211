// What reporters may attach. Everything else is refused, however it is named.
//
// Left out on purpose:
// - HEIC/HEIF (iPhone photos): sharp's prebuilt libvips here decodes only AV1-coded HEIF (AVIF), not HEVC,
//   so a HEIC could neither be checked nor have its metadata removed. Reporters are told to send JPEG.
// - DOCX, XLSX, ODT and other office documents: author metadata lives not only in docProps/core.xml but
//   also in docProps/app.xml and custom.xml, in the author and date of every comment and tracked change,
//   and in embedded images with their own EXIF. Stripping core.xml alone would promise an anonymity we
//   do not deliver, and rewriting the archive needs a ZIP library we do not have. Reporters can send PDF.
// - SVG and HTML: they carry scripts.
// - APNG and TIFF: libvips cannot re-encode an APNG's frames, and TIFF is rare enough not to need.

/** The attachment types we accept, each identified by sniffing the bytes. */
export const ALLOWED_ATTACHMENT_TYPES = [
  { contentType: 'image/jpeg', extension: 'jpg', image: true, label: 'JPEG image' },
  { contentType: 'image/png', extension: 'png', image: true, label: 'PNG image' },
  { contentType: 'image/webp', extension: 'webp', image: true, label: 'WebP image' },
  { contentType: 'image/gif', extension: 'gif', image: true, label: 'GIF image' },
  { contentType: 'application/pdf', extension: 'pdf', image: false, label: 'PDF document' },
  // file-type cannot sniff text: it is recognised as valid UTF-8 without NUL bytes (see detect-type.ts).
  { contentType: 'text/plain; charset=utf-8', extension: 'txt', image: false, label: 'UTF-8 text file' },
] as const;

export type AllowedAttachmentType = (typeof ALLOWED_ATTACHMENT_TYPES)[number];
export type ImageAttachmentType = Extract<AllowedAttachmentType, { image: true }>;

/** The allowed type with this content type, or undefined. */
export function findAllowedType(contentType: string): AllowedAttachmentType | undefined {
  return ALLOWED_ATTACHMENT_TYPES.find((type) => type.contentType === contentType);
}

export function isImageType(type: AllowedAttachmentType): type is ImageAttachmentType {
  return type.image;
}
