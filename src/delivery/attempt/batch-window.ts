import DataLoader from 'dataloader';

/**
 * How long a batch stays open for more items. Attempts finish at slightly different moments; waiting a
 * millisecond or two lets the ones in flight share one round trip to PostgreSQL instead of one each.
 */
export const BATCH_WINDOW_MS = 2;
export const MAX_BATCH = 200;

/** A DataLoader used as a batcher: no cache (every call is new work), a short window, a size cap. */
export function batcher<K, V>(run: (keys: readonly K[]) => Promise<ArrayLike<V | Error>>): DataLoader<K, V> {
  return new DataLoader<K, V>(run, {
    cache: false,
    maxBatchSize: MAX_BATCH,
    batchScheduleFn: (callback) => setTimeout(callback, BATCH_WINDOW_MS),
  });
}
