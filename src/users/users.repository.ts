import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { UserEntity } from './entities/user.entity';
import type { Role } from './role';

export type UserIdentity = Pick<UserEntity, 'id' | 'email' | 'role'>;
export type NewUser = Pick<UserEntity, 'id' | 'email' | 'passwordHash' | 'role'>;

const UNIQUE_VIOLATION = '23505';

/** The `users` table: every statement about users, and nothing that decides. */
@Injectable()
export class UsersRepository {
  constructor(@InjectRepository(UserEntity) private readonly users: Repository<UserEntity>) {}

  /** The new row, or null when the email is taken (the unique index on lower(email) said so). */
  async insert(user: NewUser): Promise<UserEntity | null> {
    try {
      return await this.users.save(this.users.create(user));
    } catch (error) {
      if ((error as { code?: string }).code === UNIQUE_VIOLATION) return null;
      throw error;
    }
  }

  findByEmail(email: string): Promise<UserEntity | null> {
    return this.users.createQueryBuilder('u').where('lower(u.email) = lower(:email)', { email }).getOne();
  }

  findById(id: string): Promise<UserEntity | null> {
    return this.users.findOneBy({ id });
  }

  /** Read on every authenticated request: one plain query, no entity hydration. */
  async existingIds(ids: readonly string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const rows: { id: string }[] = await this.users.query('SELECT id FROM users WHERE id = ANY($1)', [ids]);
    return new Set(rows.map((row) => row.id));
  }

  async findIdentity(id: string): Promise<UserIdentity | null> {
    const rows: UserIdentity[] = await this.users.query('SELECT id, email, role FROM users WHERE id = $1', [
      id,
    ]);
    return rows[0] ?? null;
  }

  /** One page in id (= creation) order, and the total. */
  page(offset: number, limit: number): Promise<[UserEntity[], number]> {
    return this.users.findAndCount({ order: { id: 'ASC' }, skip: offset, take: limit });
  }

  /** The updated row and whether the role changed, or null when there is no such user. */
  async updateRole(id: string, role: Role): Promise<{ user: UserEntity; changed: boolean } | null> {
    const user = await this.findById(id);
    if (!user) return null;
    if (user.role === role) return { user, changed: false };
    user.role = role;
    return { user: await this.users.save(user), changed: true };
  }

  async updatePasswordHash(id: string, passwordHash: string): Promise<void> {
    await this.users.update({ id }, { passwordHash });
  }

  /** Whether a row was deleted; API keys, webhooks and deliveries go with it (foreign keys cascade). */
  async delete(id: string): Promise<boolean> {
    const result = await this.users.delete({ id });
    return Boolean(result.affected);
  }
}
