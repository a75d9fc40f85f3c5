import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { displayUrl } from '../logging/display-url';

const CHECK_EVERY_MS = 5_000;
const CHECK_EVERY_WHILE_DOWN_MS = 1_000;
const CHECK_TIMEOUT_MS = 3_000;

/**
 * Notices PostgreSQL going away and coming back while the process runs, and says each once (the pool
 * itself reconnects on the next query; failed requests are answered by the exception filter).
 */
@Injectable()
export class DatabaseWatch implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('PostgreSQL');
  private timer?: NodeJS.Timeout;
  private down = false;
  private stopped = false;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.schedule(CHECK_EVERY_MS);
  }

  onApplicationShutdown(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => void this.check(), ms);
    this.timer.unref();
  }

  private async check(): Promise<void> {
    const problem = await this.ping();
    if (problem && !this.down) {
      this.down = true;
      this.logger.warn(
        `PostgreSQL connection lost at ${displayUrl(this.config.database.url)} (DATABASE_URL): ${problem}; reconnecting`,
      );
    } else if (!problem && this.down) {
      this.down = false;
      this.logger.log(`PostgreSQL is reachable again at ${displayUrl(this.config.database.url)}`);
    }
    this.schedule(this.down ? CHECK_EVERY_WHILE_DOWN_MS : CHECK_EVERY_MS);
  }

  /** undefined when PostgreSQL answers, else why not. */
  private async ping(): Promise<string | undefined> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`no answer within ${CHECK_TIMEOUT_MS / 1000} s`)),
        CHECK_TIMEOUT_MS,
      );
    });
    try {
      await Promise.race([this.dataSource.query('SELECT 1'), timeout]);
      return undefined;
    } catch (error) {
      return (error as { code?: string }).code ?? (error as Error).message.split('\n')[0];
    } finally {
      clearTimeout(timer);
    }
  }
}
