/**
 * Batch records: the recordId of a call (stable: case id + repeat), the JSONL input lines, and the output lines
 * read back (`{recordId, modelInput, modelOutput}` or `{recordId, modelInput, error: {errorCode, errorMessage}}`).
 */
import { createHash } from 'node:crypto';

/** A stable alphanumeric recordId for one (case, repeat): 16 hex digits of a SHA-256. */
export function recordIdOf(caseId: string, repeat: number): string {
  return createHash('sha256').update(`${caseId}\u0000${repeat}`).digest('hex').slice(0, 16).toUpperCase();
}

/** One input line. */
export function inputLine(recordId: string, modelInput: Record<string, unknown>): string {
  return JSON.stringify({ recordId, modelInput });
}

export type RecordOutcome =
  | { ok: true; modelOutput: unknown }
  | { ok: false; errorCode: string | number; errorMessage: string };

/**
 * The outcomes of an output file by recordId; lines that are not JSON objects with a recordId are counted in
 * `unreadable` (their records then count as missing).
 */
export function parseOutput(text: string, into = new Map<string, RecordOutcome>()): { unreadable: number } {
  let unreadable = 0;
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    let rec: {
      recordId?: unknown;
      modelOutput?: unknown;
      error?: { errorCode?: unknown; errorMessage?: unknown };
    };
    try {
      rec = JSON.parse(line);
    } catch {
      unreadable++;
      continue;
    }
    if (!rec || typeof rec !== 'object' || typeof rec.recordId !== 'string') {
      unreadable++;
      continue;
    }
    if (rec.error !== undefined || rec.modelOutput === undefined) {
      const code = rec.error?.errorCode;
      into.set(rec.recordId, {
        ok: false,
        errorCode: typeof code === 'number' || typeof code === 'string' ? code : 'unknown',
        errorMessage: typeof rec.error?.errorMessage === 'string' ? rec.error.errorMessage : 'no modelOutput',
      });
    } else into.set(rec.recordId, { ok: true, modelOutput: rec.modelOutput });
  }
  return { unreadable };
}

const CLASS_BY_CODE: Record<string, string> = {
  '400': 'ValidationException',
  '403': 'AccessDeniedException',
  '408': 'ModelTimeoutException',
  '424': 'ModelErrorException',
  '429': 'ThrottlingException',
  '500': 'InternalServerException',
  '503': 'ServiceUnavailableException',
};

/** The stored error class of a failed record: the AWS exception its errorCode stands for, else `BatchRecordError`. */
export function recordErrorClass(errorCode: string | number): string {
  return CLASS_BY_CODE[String(errorCode)] ?? 'BatchRecordError';
}
