import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { conflict, notFound } from '../common/errors/http-errors';
import { newId } from '../common/ids';
import { Page, toPage } from '../common/pagination/page';
import { PaginationQueryDto } from '../common/pagination/pagination-query.dto';
import { mapUser, UserDto } from './dto/user.dto';
import { hashPassword, verifyPassword } from './password';
import { Role } from './role';
import { UserEntity } from './user.entity';

export type UserIdentity = Pick<UserEntity, 'id' | 'email' | 'role'>;

/** Built once so that checking an unknown email costs as much as checking a wrong password. */
const DUMMY_HASH = hashPassword('herald-timing-equaliser');

@Injectable()
export class UsersService {
  constructor(@InjectRepository(UserEntity) private readonly users: Repository<UserEntity>) {}

  async create(email: string, password: string, role: Role = 'user'): Promise<UserEntity> {
    const existing = await this.findByEmail(email);
    if (existing) throw conflict('A user with this email already exists');
    const user = this.users.create({
      id: newId('usr'),
      email: email.trim(),
      passwordHash: await hashPassword(password),
      role,
    });
    try {
      return await this.users.save(user);
    } catch (error) {
      if ((error as { code?: string }).code === '23505')
        throw conflict('A user with this email already exists');
      throw error;
    }
  }

  findByEmail(email: string): Promise<UserEntity | null> {
    return this.users
      .createQueryBuilder('u')
      .where('lower(u.email) = lower(:email)', { email: email.trim() })
      .getOne();
  }

  findById(id: string): Promise<UserEntity | null> {
    return this.users.findOneBy({ id });
  }

  /** Who a token belongs to, read on every authenticated request: one plain query, no entity hydration. */
  async findIdentity(id: string): Promise<UserIdentity | null> {
    const rows: UserIdentity[] = await this.users.query('SELECT id, email, role FROM users WHERE id = $1', [
      id,
    ]);
    return rows[0] ?? null;
  }

  /** The user when email and password match, else null; the same work is done either way. */
  async verifyCredentials(email: string, password: string): Promise<UserEntity | null> {
    const user = await this.findByEmail(email);
    const ok = await verifyPassword(user?.passwordHash ?? (await DUMMY_HASH), password);
    return user && ok ? user : null;
  }

  async getDto(id: string): Promise<UserDto> {
    const user = await this.findById(id);
    if (!user) throw notFound('User');
    return mapUser(user);
  }

  async list(query: PaginationQueryDto): Promise<Page<UserDto>> {
    const [rows, total] = await this.users.findAndCount({
      order: { id: 'ASC' },
      skip: query.offset,
      take: query.limit,
    });
    return toPage(rows.map(mapUser), total, query);
  }

  async updateRole(id: string, role: Role): Promise<UserDto> {
    const user = await this.findById(id);
    if (!user) throw notFound('User');
    user.role = role;
    return mapUser(await this.users.save(user));
  }

  /** Removes the user; their API keys, webhooks and deliveries go with them (foreign keys cascade). */
  async remove(id: string): Promise<void> {
    const result = await this.users.delete({ id });
    if (!result.affected) throw notFound('User');
  }
}
