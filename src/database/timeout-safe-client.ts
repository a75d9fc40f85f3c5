import { Client } from 'pg';

const READ_TIMEOUT = 'Query read timeout';
const isReadTimeout = (error: unknown) => (error as Error | undefined)?.message === READ_TIMEOUT;

/**
 * pg's `query_timeout` gives up on the client's side only: the statement may still run, and what was queued
 * behind it (a ROLLBACK) may never be sent, so the connection would go back to the pool inside a transaction.
 * A connection whose answer did not come in time is therefore dropped (the pool replaces it), never reused.
 */
export class TimeoutSafeClient extends Client {
  override query(...args: unknown[]): any {
    const last = args.length - 1;
    const callback = args[last];
    if (typeof callback === 'function') {
      args[last] = (error: unknown, result: unknown) => {
        if (isReadTimeout(error)) this.drop();
        (callback as (error: unknown, result: unknown) => void)(error, result);
      };
      return (super.query as (...a: unknown[]) => unknown)(...args);
    }
    const result = (super.query as (...a: unknown[]) => unknown)(...args);
    if (!(result instanceof Promise)) return result;
    // Dropped before the caller hears of the failure, so that the release that follows removes it.
    return result.catch((error: unknown) => {
      if (isReadTimeout(error)) this.drop();
      throw error;
    });
  }

  /** Ends the connection now, as ended on purpose (no 'error' event); pg-pool removes it on release. */
  private drop(): void {
    const self = this as unknown as {
      _ending: boolean;
      _queryable: boolean;
      connection: { stream: { destroy(): void } };
    };
    self._ending = true;
    self._queryable = false;
    self.connection.stream.destroy();
  }
}
