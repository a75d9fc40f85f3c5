import { EventEmitter2 } from '@nestjs/event-emitter';
import { IDENTITY_CHANGED_SIGNAL, IdentityChangedSignal } from '../bus/bus-names';
import { Injectable } from '@nestjs/common';
import { conflict, notFound } from '../common/errors/http-errors';
import { newId } from '../common/ids';
import { Page, toPage } from '../common/pagination/page';
import { PaginationQueryDto } from '../common/pagination/pagination-query.dto';
import { UserDto } from './dto/user.dto';
import { mapUser } from './dto/user.mapper';
import { hashPassword, needsRehash, verifyPassword } from './password';
import { Role } from './role';
import { UserIdentity, UsersRepository } from './users.repository';

export type { UserIdentity } from './users.repository';

/** Built once so that checking an unknown email costs as much as checking a wrong password. */
const DUMMY_HASH = hashPassword('herald-timing-equaliser');

const EMAIL_TAKEN = 'A user with this email already exists';

/** Users: accounts, credentials and roles. Answers with DTOs and identities, never with rows. */
@Injectable()
export class UsersService {
  constructor(
    private readonly users: UsersRepository,
    private readonly emitter: EventEmitter2,
  ) {}

  async create(email: string, password: string, role: Role = 'user'): Promise<UserDto> {
    if (await this.users.findByEmail(email.trim())) throw conflict(EMAIL_TAKEN);
    const user = await this.users.insert({
      id: newId('usr'),
      email: email.trim(),
      passwordHash: await hashPassword(password),
      role,
    });
    if (!user) throw conflict(EMAIL_TAKEN);
    return mapUser(user);
  }

  async findByEmail(email: string): Promise<UserIdentity | null> {
    const user = await this.users.findByEmail(email.trim());
    return user && identityOf(user);
  }

  /** Who a token belongs to, read on every authenticated request. */
  findIdentity(id: string): Promise<UserIdentity | null> {
    return this.users.findIdentity(id);
  }

  /** Which of these ids are users (a publish batch checks its `user_id`s in one query). */
  existingIds(ids: readonly string[]): Promise<Set<string>> {
    return this.users.existingIds(ids);
  }

  /** The user when email and password match, else null; the same work is done either way. */
  async verifyCredentials(email: string, password: string): Promise<UserIdentity | null> {
    const user = await this.users.findByEmail(email.trim());
    const ok = await verifyPassword(user?.passwordHash ?? (await DUMMY_HASH), password);
    if (!user || !ok) return null;
    // Hashes made with an older setting are replaced at the next good login, so that every account ends up
    // costing what an unknown email costs to check (no timing hint of who has an account).
    if (needsRehash(user.passwordHash)) await this.rehash(user.id, password);
    return identityOf(user);
  }

  private async rehash(id: string, password: string): Promise<void> {
    try {
      await this.users.updatePasswordHash(id, await hashPassword(password));
    } catch {
      // Busy hashing (503) or a failed write: the old hash still verifies; try again at the next login.
    }
  }

  async getDto(id: string): Promise<UserDto> {
    const user = await this.users.findById(id);
    if (!user) throw notFound('User');
    return mapUser(user);
  }

  async list(query: PaginationQueryDto): Promise<Page<UserDto>> {
    const [rows, total] = await this.users.page(query.offset, query.limit);
    return toPage(rows.map(mapUser), total, query);
  }

  async updateRole(id: string, role: Role): Promise<UserDto> {
    const updated = await this.users.updateRole(id, role);
    if (!updated) throw notFound('User');
    // Only a real change: it ends the user's open streams (they reconnect with the new role's view).
    if (updated.changed) this.identityChanged(id);
    return mapUser(updated.user);
  }

  /** Removes the user; their API keys, webhooks and deliveries go with them (foreign keys cascade). */
  async remove(id: string): Promise<void> {
    if (!(await this.users.delete(id))) throw notFound('User');
    this.identityChanged(id);
  }

  /** Caches of this identity (bearer authentication) drop it now. */
  private identityChanged(userId: string): void {
    const signal: IdentityChangedSignal = { userId };
    this.emitter.emit(IDENTITY_CHANGED_SIGNAL, signal);
  }
}

const identityOf = ({ id, email, role }: UserIdentity): UserIdentity => ({ id, email, role });
