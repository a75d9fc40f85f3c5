import { Injectable } from '@nestjs/common';
import type { ValidateFunction } from 'ajv';
import { conflict, notFound, unprocessable } from '../common/errors/http-errors';
import { matchesTypePattern } from './type-pattern';
import { CreateEventTypeDto, EventTypeDto } from './dto/event-type.dto';
import { mapEventType } from './dto/event-type.mapper';
import { EventTypeEntity, JsonSchema } from './entities/event-type.entity';
import { EventTypesRepository } from './event-types.repository';
import { compileSchema, DataError, toDataErrors } from './schema-compiler';

/** Types created on another instance show up here within this long; this instance's own changes at once. */
const CACHE_TTL_MS = 5_000;

export type DataCheck =
  { ok: true } | { ok: false; unknownType: true } | { ok: false; unknownType: false; errors: DataError[] };

@Injectable()
export class EventCatalogService {
  private cache: { loadedAt: number; types: Promise<Map<string, EventTypeEntity>> } | null = null;
  /** Compiled validators per type, keyed by the schema text so that a changed schema is recompiled. */
  private readonly validators = new Map<string, { schemaText: string; validate: ValidateFunction }>();

  constructor(private readonly repo: EventTypesRepository) {}

  async list(): Promise<EventTypeDto[]> {
    const types = await this.types();
    return [...types.values()].sort((a, b) => (a.type < b.type ? -1 : 1)).map(mapEventType);
  }

  async exists(type: string): Promise<boolean> {
    return (await this.types()).has(type);
  }

  /** The patterns that match no catalog type: an unknown exact type, or a `prefix.*` with nothing under it. */
  async unknownPatterns(patterns: string[]): Promise<string[]> {
    const types = [...(await this.types()).keys()];
    return patterns.filter(
      (pattern) => pattern !== '*' && !types.some((type) => matchesTypePattern(pattern, type)),
    );
  }

  async validateData(type: string, data: unknown): Promise<DataCheck> {
    const row = (await this.types()).get(type);
    if (!row) return { ok: false, unknownType: true };
    if (!row.schema) return { ok: true };
    const validate = this.validatorFor(row.type, row.schema);
    if (validate(data)) return { ok: true };
    return { ok: false, unknownType: false, errors: toDataErrors(validate.errors) };
  }

  async create(input: CreateEventTypeDto): Promise<EventTypeDto> {
    if (input.schema) {
      const compiled = compileSchema(input.schema);
      if (!compiled.ok) throw unprocessable('schema is not a valid JSON Schema', compiled.errors);
    }
    // Two admins racing get one 201 and one 409, never a 500 (the repository inserts ON CONFLICT DO NOTHING).
    const inserted = await this.repo.insert({
      type: input.type,
      description: input.description,
      schema: input.schema ?? null,
    });
    if (!inserted) throw conflict(`Event type ${input.type} already exists`);
    this.invalidate(input.type);
    return { type: input.type, description: input.description, schema: input.schema ?? null };
  }

  async remove(type: string): Promise<void> {
    const deleted = await this.repo.delete(type);
    this.invalidate(type);
    if (!deleted) throw notFound(`Event type ${type}`);
  }

  private invalidate(type: string): void {
    this.cache = null;
    this.validators.delete(type);
  }

  private types(): Promise<Map<string, EventTypeEntity>> {
    if (!this.cache || Date.now() - this.cache.loadedAt > CACHE_TTL_MS) {
      const types = this.repo.all().then((rows) => new Map(rows.map((row) => [row.type, row])));
      // A failed load must not stick: the next call tries again.
      types.catch(() => {
        if (this.cache?.types === types) this.cache = null;
      });
      this.cache = { loadedAt: Date.now(), types };
    }
    return this.cache.types;
  }

  private validatorFor(type: string, schema: JsonSchema): ValidateFunction {
    const schemaText = JSON.stringify(schema);
    const cached = this.validators.get(type);
    if (cached && cached.schemaText === schemaText) return cached.validate;
    const compiled = compileSchema(schema);
    // A stored schema that no longer compiles (edited by hand in the database) accepts nothing, loudly.
    const validate = compiled.ok ? compiled.validate : failing(compiled.errors);
    this.validators.set(type, { schemaText, validate });
    return validate;
  }
}

function failing(errors: DataError[]): ValidateFunction {
  const validate = (() => false) as unknown as ValidateFunction;
  validate.errors = errors.map((error) => ({
    keyword: 'schema',
    instancePath: '',
    schemaPath: '#',
    params: {},
    message: `cannot be checked: the type's stored schema is invalid (${error.message})`,
  }));
  return validate;
}
