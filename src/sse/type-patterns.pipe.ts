import { Injectable, PipeTransform } from '@nestjs/common';
import { isTypePattern } from '../catalog/type-pattern';
import { badRequest } from '../common/errors/http-errors';

/**
 * `?types=sync.completed,gaps.*` as a list of patterns; null (every type) when absent or when `*` is
 * listed. A 400 naming each pattern that is not a type, `*` or `prefix.*`, before the stream opens.
 */
@Injectable()
export class TypePatternsPipe implements PipeTransform<string | undefined, string[] | null> {
  transform(raw: string | undefined): string[] | null {
    return parseTypePatterns(raw);
  }
}

export function parseTypePatterns(raw: string | undefined): string[] | null {
  if (raw === undefined) return null;
  const patterns = raw
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part.length > 0);
  if (patterns.length === 0)
    throw badRequest('types must list at least one event type or pattern, e.g. types=sync.*');
  const invalid = patterns.filter((pattern) => !isTypePattern(pattern));
  if (invalid.length > 0) {
    throw badRequest(
      `types must be event types, "*" or "prefix.*" patterns; not valid: ${invalid.join(', ')}`,
      invalid.map((pattern) => ({ field: 'types', message: `"${pattern}" is not an event type or pattern` })),
    );
  }
  return patterns.includes('*') ? null : [...new Set(patterns)];
}
