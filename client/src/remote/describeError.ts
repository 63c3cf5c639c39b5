// One sentence for a failed remote call. The remote layer's typed errors already carry the service's own message,
// the status and the request id, with secrets redacted.
export function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
