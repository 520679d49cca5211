import { useMutation } from '@tanstack/react-query';
import { apiSend, apiSendForFile } from './client.ts';
import type { CaseReportRequest, ExportVerification, ExportVerificationRequest } from './types.ts';

export type { CaseReportRequest, ExportVerification };

/** A case report as the server made it: the PDF, the name it suggests and the export's id. */
export interface ExportedReport {
  blob: Blob;
  fileName: string;
  exportId: string;
}

/**
 * The file name of a `Content-Disposition` header: the UTF-8 `filename*` when there is one, else the plain
 * `filename`; null when there is neither.
 */
export function fileNameFromDisposition(header: string | null): string | null {
  if (!header) return null;
  const extended = /filename\*\s*=\s*UTF-8''([^;]+)/i.exec(header);
  if (extended?.[1]) {
    try {
      return decodeURIComponent(extended[1].trim());
    } catch {
      // Not valid percent-encoding: the plain name below will do.
    }
  }
  const plain = /filename\s*=\s*"([^"]*)"/i.exec(header) ?? /filename\s*=\s*([^;]+)/i.exec(header);
  return plain?.[1]?.trim() || null;
}

/**
 * Exports the case as a PDF report (`POST /api/v1/cases/{id}/report`): watermarked with who exported it
 * when, persons by pseudonym unless `names` (the case's threat managers only); audited with the file's hash.
 */
export function useExportCaseReport(caseId: string, fallbackName: string) {
  return useMutation({
    mutationFn: async (input: CaseReportRequest): Promise<ExportedReport> => {
      const { blob, headers } = await apiSendForFile(
        'POST',
        `/api/v1/cases/${encodeURIComponent(caseId)}/report`,
        input,
      );
      return {
        blob,
        fileName: fileNameFromDisposition(headers.get('content-disposition')) ?? fallbackName,
        exportId: headers.get('x-tma-export-id') ?? '',
      };
    },
  });
}

/**
 * Whether a file with this SHA-256 is an unaltered export of the organisation (`POST
 * /api/v1/exports/verify`): only the hash is sent, never the file.
 */
export function useVerifyExport() {
  return useMutation({
    mutationFn: (input: ExportVerificationRequest) =>
      apiSend<ExportVerification>('POST', '/api/v1/exports/verify', input),
  });
}
