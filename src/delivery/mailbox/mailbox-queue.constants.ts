import type { JobOptions } from 'bull';

/**
 * One Bull queue of mailboxes. A job `mailbox:<webhook id>` means "this webhook has deliveries to send":
 * Bull hands it to exactly one worker, keeps it locked while that worker serves the webhook, and gives it
 * to another worker if that one dies. PostgreSQL holds every delivery; a job holds no delivery at all.
 */
export const MAILBOX_QUEUE = 'mailboxes';

/** Serve a webhook's mailbox now. */
export const SERVE_JOB = 'serve';
/** Later (a retry, a rate-limit window, a circuit cool-down): wake the mailbox at that time. */
export const WAKE_JOB = 'wake';

export interface MailboxJob {
  webhookId: string;
}

/** One serve job per webhook at a time: adding it while it waits or runs changes nothing. */
export const serveJobId = (webhookId: string) => `mailbox:${webhookId}`;
/** Wake-ups are rounded to 100 ms so that a burst of retries due together wakes the mailbox once. */
export const wakeJobId = (webhookId: string, at: number) => `wake:${webhookId}:${Math.ceil(at / 100)}`;

const COMMON: JobOptions = { attempts: 1, removeOnComplete: true, removeOnFail: true };

export function serveJobOptions(webhookId: string): JobOptions {
  return { ...COMMON, jobId: serveJobId(webhookId) };
}

export function wakeJobOptions(webhookId: string, at: number): JobOptions {
  return { ...COMMON, jobId: wakeJobId(webhookId, at), delay: Math.max(1, at - Date.now()) };
}
