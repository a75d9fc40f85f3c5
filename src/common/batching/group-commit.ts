/**
 * Group commit: items submitted while earlier commits are running wait for the next one and go in
 * together, so under load one transaction carries many items, while a lone item waits for nothing.
 * `commit` answers per item (a value, or an Error for that item alone). A commit that throws is retried
 * item by item, so that one bad item never fails the others of its batch.
 */
export class GroupCommit<I, O> {
  private readonly waiting: Array<{ item: I; resolve: (out: O) => void; reject: (error: unknown) => void }> =
    [];
  private running = 0;

  constructor(
    private readonly commit: (items: I[]) => Promise<Array<O | Error>>,
    private readonly options: { maxBatch: number; concurrency: number },
  ) {}

  submit(item: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.waiting.push({ item, resolve, reject });
      this.startNext();
    });
  }

  private startNext(): void {
    if (this.running >= this.options.concurrency || this.waiting.length === 0) return;
    const batch = this.waiting.splice(0, this.options.maxBatch);
    this.running++;
    void this.run(batch).finally(() => {
      this.running--;
      this.startNext();
    });
  }

  private async run(batch: typeof this.waiting): Promise<void> {
    let answers: Array<O | Error>;
    try {
      answers = await this.commit(batch.map((entry) => entry.item));
    } catch (error) {
      if (batch.length === 1) return batch[0].reject(error);
      for (const entry of batch) await this.run([entry]);
      return;
    }
    batch.forEach((entry, i) => {
      const answer = answers[i];
      if (answer instanceof Error) entry.reject(answer);
      else entry.resolve(answer);
    });
  }
}
