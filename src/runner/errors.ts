/** What the store records of a failed call: the exception class (the SDK's own name), message and attempts. */
export interface ClassifiedError {
  errorClass: string;
  errorMessage: string;
  attempts: number;
}

export function classifyError(err: unknown, timedOut: boolean): ClassifiedError {
  const e = err as { name?: string; message?: string; $metadata?: { attempts?: number } } | undefined;
  const attempts = e?.$metadata?.attempts ?? 1;
  if (timedOut) return { errorClass: 'Timeout', errorMessage: e?.message ?? 'request timed out', attempts };
  const errorClass = e?.name && e.name !== 'Error' ? e.name : 'Error';
  const errorMessage = (e?.message ?? String(err)).replace(/\s*\n\s*/g, ' ').slice(0, 2000);
  return { errorClass, errorMessage, attempts };
}
