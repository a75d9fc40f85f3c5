import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { ApiKeyEntity } from './entities/api-key.entity';

export type NewApiKey = Pick<ApiKeyEntity, 'id' | 'userId' | 'name' | 'prefix' | 'keyHash' | 'scopes'>;

/** The `api_keys` table. */
@Injectable()
export class ApiKeysRepository {
  constructor(@InjectRepository(ApiKeyEntity) private readonly keys: Repository<ApiKeyEntity>) {}

  insert(key: NewApiKey): Promise<ApiKeyEntity> {
    return this.keys.save(this.keys.create({ ...key, lastUsedAt: null }));
  }

  /** One page of a user's keys in id (= creation) order, and the total. */
  pageOf(userId: string, offset: number, limit: number): Promise<[ApiKeyEntity[], number]> {
    return this.keys.findAndCount({ where: { userId }, order: { id: 'ASC' }, skip: offset, take: limit });
  }

  /** The deleted key's hash, or null when the user had no such key. */
  async delete(userId: string, id: string): Promise<string | null> {
    const result = await this.keys
      .createQueryBuilder()
      .delete()
      .where('id = :id AND user_id = :userId', { id, userId })
      .returning('key_hash')
      .execute();
    return (result.raw as Array<{ key_hash: string }>)[0]?.key_hash ?? null;
  }

  async existsWithHash(keyHash: string): Promise<boolean> {
    return this.keys.existsBy({ keyHash });
  }

  findByHash(keyHash: string): Promise<ApiKeyEntity | null> {
    return this.keys.findOneBy({ keyHash });
  }

  async touch(id: string, at: Date): Promise<void> {
    await this.keys.update({ id }, { lastUsedAt: at });
  }
}
