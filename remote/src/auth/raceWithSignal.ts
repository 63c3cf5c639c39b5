// Lets one caller stop waiting for a shared promise without cancelling it for the others.
import { CancelledError, type RequestContext } from '../http/errors';

export function raceWithSignal<T>(promise: Promise<T>, signal: AbortSignal | undefined, context: RequestContext): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.reject(new CancelledError(context));
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(new CancelledError(context));
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}
