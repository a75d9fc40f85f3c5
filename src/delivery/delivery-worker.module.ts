import { Module } from '@nestjs/common';
import { WebhooksModule } from '../webhooks/webhooks.module';
import { AttemptExecutor } from './attempt/attempt-executor';
import { AttemptRecorder } from './attempt/attempt-recorder';
import { SuccessTally } from './attempt/success-tally';
import { DeliveryModule } from './delivery.module';
import { MailboxPuller } from './mailbox/mailbox-puller';
import { MailboxRunner } from './mailbox/mailbox-runner';
import { MailboxSweeper } from './mailbox/mailbox-sweeper';
import { MailboxWorker } from './mailbox/mailbox-worker';

/** The part that delivers: the mailbox worker and the sweeper. Imported by the roles that deliver (`worker`, `all`). */
@Module({
  imports: [DeliveryModule, WebhooksModule],
  providers: [
    MailboxPuller,
    MailboxRunner,
    MailboxWorker,
    MailboxSweeper,
    AttemptExecutor,
    AttemptRecorder,
    SuccessTally,
  ],
})
export class DeliveryWorkerModule {}
