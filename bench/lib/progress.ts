/** One updating status line on a terminal (plain lines when stderr is not a TTY), plus notes. */
export class Progress {
  private readonly tty = Boolean(process.stderr.isTTY);
  private last = 0;
  private readonly start = Date.now();

  update(text: string): void {
    const line = `[${((Date.now() - this.start) / 1000).toFixed(0).padStart(4)}s] ${text}`;
    if (this.tty) process.stderr.write(`\r\x1b[2K${line}`);
    else if (Date.now() - this.last > 2000) {
      process.stderr.write(`${line}\n`);
      this.last = Date.now();
    }
  }

  note(text: string): void {
    if (this.tty) process.stderr.write('\r\x1b[2K');
    process.stderr.write(`[${((Date.now() - this.start) / 1000).toFixed(0).padStart(4)}s] ${text}\n`);
  }
}
