import type { JobOptions } from 'bull';

export const DELIVERY_QUEUE = 'deliveries';

/** A job carries ids only: the delivery row is the truth, the job just says "try attempt N now". */
export interface DeliveryJob {
  deliveryId: string;
  attempt: number;
}

/** Same delivery and attempt → same job id, so re-queueing (sweeper, bus, redeliver) never doubles an attempt. */
export const deliveryJobId = (deliveryId: string, attempt: number) => `${deliveryId}:${attempt}`;

/** Every job option in one place. Retries are the processor's business (new delayed jobs), not Bull's. */
export function getJobOptions(job: DeliveryJob, delayMs = 0): JobOptions {
  return {
    jobId: deliveryJobId(job.deliveryId, job.attempt),
    delay: delayMs > 0 ? delayMs : undefined,
    attempts: 1,
    removeOnComplete: true,
    removeOnFail: true,
  };
}
