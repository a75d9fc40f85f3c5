import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { UsersService } from '../users/users.service';

/** Creates the admin named by ADMIN_EMAIL/ADMIN_PASSWORD at start-up when that user does not exist yet. */
@Injectable()
export class FirstAdmin implements OnApplicationBootstrap {
  private readonly logger = new Logger(FirstAdmin.name);

  constructor(
    private readonly users: UsersService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const admin = this.config.auth.admin;
    if (!admin || (await this.users.findByEmail(admin.email))) return;
    try {
      await this.users.create(admin.email, admin.password, 'admin');
      this.logger.log(`Created the first admin ${admin.email}`);
    } catch (error) {
      // Another instance starting at the same moment created it: that is fine.
      if ((error as { status?: number }).status !== 409) throw error;
    }
  }
}
