import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { UserEntity } from './entities/user.entity';
import { UsersRepository } from './users.repository';
import { UsersService } from './users.service';

/**
 * Accounts, credentials and roles, with no routes and no knowledge of authentication: the `/api/users`
 * routes live in AuthModule beside the guards and decorators they use, so that auth depends on users and
 * never the other way round.
 */
@Module({
  imports: [TypeOrmModule.forFeature([UserEntity])],
  providers: [UsersRepository, UsersService],
  exports: [UsersService],
})
export class UsersModule {}
