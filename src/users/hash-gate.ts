import { Sema } from 'async-sema';
import { serviceUnavailable } from '../common/errors/http-errors';

/**
 * Bounds how many password hashes run at once and how many may wait. argon2 runs on libuv's thread pool
 * (4 threads unless UV_THREADPOOL_SIZE says otherwise), which gzip inflation and file access share: left
 * unbounded, a login flood took every thread and a 2 KB gzip body waited 11.8 s for its answer. With the
 * gate, hashing never holds more than `concurrency` threads, and a request that would wait behind a full
 * queue is answered at once with a 503 and Retry-After instead of piling up.
 *
 * `restRatio` keeps a slot closed for that many times as long as its hash took, after the hash: with 1, a
 * slot hashes at most half the time, so a flood of logins cannot take a whole core from the rest of the
 * process (the hash's own answer is not delayed; the next hash starts later).
 */
export class HashGate {
  private readonly slots: Sema;

  constructor(
    private readonly concurrency: number,
    private readonly queueLimit: number,
    private readonly retryAfterSeconds = 1,
    private readonly restRatio = 0,
  ) {
    this.slots = new Sema(concurrency);
  }

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.slots.tryAcquire() === undefined) {
      if (this.slots.nrWaiting() >= this.queueLimit) {
        throw serviceUnavailable(
          `Herald is busy checking other passwords (${this.concurrency} at a time, ${this.queueLimit} waiting); retry in ${this.retryAfterSeconds} s`,
          this.retryAfterSeconds,
        );
      }
      await this.slots.acquire();
    }
    const started = performance.now();
    try {
      return await work();
    } finally {
      const rest = (performance.now() - started) * this.restRatio;
      if (rest > 0) setTimeout(() => this.slots.release(), rest).unref();
      else this.slots.release();
    }
  }

  /** How many are waiting for a slot (for tests and metrics). */
  waiting(): number {
    return this.slots.nrWaiting();
  }
}
