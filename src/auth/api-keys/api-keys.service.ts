import { EventEmitter2 } from '@nestjs/event-emitter';
import { CREDENTIAL_REVOKED_SIGNAL, CredentialRevokedSignal } from '../../bus/bus-names';
import { Injectable } from '@nestjs/common';
import { notFound } from '../../common/errors/http-errors';
import { newId } from '../../common/ids';
import { Page, toPage } from '../../common/pagination/page';
import { PaginationQueryDto } from '../../common/pagination/pagination-query.dto';
import { UserIdentity, UsersService } from '../../users/users.service';
import { CallerCache } from '../caller-cache';
import { generateApiKey } from './api-key-format';
import { ApiKeysRepository } from './api-keys.repository';
import { ApiKeyDto, CreateApiKeyDto, CreatedApiKeyDto } from './dto/api-key.dto';
import { mapApiKey } from './dto/api-key.mapper';

/** `last_used_at` is written at most this often per key, so that busy keys do not write on every request. */
const LAST_USED_RESOLUTION_MS = 60_000;

@Injectable()
export class ApiKeysService {
  constructor(
    private readonly keys: ApiKeysRepository,
    private readonly users: UsersService,
    private readonly callers: CallerCache,
    private readonly emitter: EventEmitter2,
  ) {}

  async create(userId: string, input: CreateApiKeyDto): Promise<CreatedApiKeyDto> {
    const { key, prefix, hash } = generateApiKey();
    const row = await this.keys.insert({
      id: newId('key'),
      userId,
      name: input.name,
      prefix,
      keyHash: hash,
      scopes: input.scopes ?? [],
    });
    return { ...mapApiKey(row), key };
  }

  async list(userId: string, query: PaginationQueryDto): Promise<Page<ApiKeyDto>> {
    const [rows, total] = await this.keys.pageOf(userId, query.offset, query.limit);
    return toPage(rows.map(mapApiKey), total, query);
  }

  /** The key stops working at once; streams opened with it end on every instance (CREDENTIAL_REVOKED_SIGNAL). */
  async remove(userId: string, id: string): Promise<void> {
    const keyHash = await this.keys.delete(userId, id);
    if (!keyHash) throw notFound('API key');
    this.callers.forgetKey(id);
    const signal: CredentialRevokedSignal = { userId, credential: keyHash };
    this.emitter.emit(CREDENTIAL_REVOKED_SIGNAL, signal);
  }

  /** Whether the key named by `credential` (its hash) still exists. */
  isLive(credential: string): Promise<boolean> {
    return this.keys.existsWithHash(credential);
  }

  /**
   * The owner of the key whose hash (`hashApiKey`, the key's credential id) is `hash`, or null when the key
   * is unknown (deleted keys are gone: they stop at once). Known keys are remembered for a second
   * (CallerCache), so a busy key costs no query per request.
   */
  async resolve(hash: string): Promise<UserIdentity | null> {
    const cached = this.callers.key(hash);
    if (cached) return cached;
    const row = await this.keys.findByHash(hash);
    if (!row) return null;
    if (!row.lastUsedAt || Date.now() - row.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) {
      await this.keys.touch(row.id, new Date());
    }
    const identity = await this.users.findIdentity(row.userId);
    if (identity) this.callers.rememberKey(hash, row.id, identity);
    return identity;
  }
}
