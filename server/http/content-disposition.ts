/**
 * A Content-Disposition header for a file: an ASCII fallback name and the UTF-8 name (RFC 6266, RFC 8187).
 * `inline` lets the browser show it; the file's own response headers keep it from running anything.
 */
export function contentDisposition(
  fileName: string,
  disposition: 'attachment' | 'inline' = 'attachment',
): string {
  const ascii = fileName.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `${disposition}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}
