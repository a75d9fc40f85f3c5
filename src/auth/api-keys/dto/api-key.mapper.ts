import type { ApiKeyEntity } from '../entities/api-key.entity';
import type { ApiKeyDto } from './api-key.dto';

/** A key as its owner sees it: never the hash. */
export function mapApiKey(row: ApiKeyEntity): ApiKeyDto {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    scopes: row.scopes,
    created_at: row.createdAt.toISOString(),
    last_used_at: row.lastUsedAt?.toISOString() ?? null,
  };
}
