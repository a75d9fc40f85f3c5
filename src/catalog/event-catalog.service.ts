import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { ValidateFunction } from 'ajv';
import { Repository } from 'typeorm';
import { conflict, notFound, unprocessable } from '../common/errors/http-errors';
import { matchesTypePattern } from './type-pattern';
import { CreateEventTypeDto, EventTypeDto, mapEventType } from './dto/event-type.dto';
import { EventTypeEntity, JsonSchema } from './event-type.entity';
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

  constructor(@InjectRepository(EventTypeEntity) private readonly repo: Repository<EventTypeEntity>) {}

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
    // ON CONFLICT rather than check-then-insert: two admins racing get one 201 and one 409, never a 500.
    const inserted: unknown[] = await this.repo.query(
      `INSERT INTO event_types (type, description, schema) VALUES ($1, $2, $3) ON CONFLICT (type) DO NOTHING RETURNING type`,
      [input.type, input.description, input.schema ? JSON.stringify(input.schema) : null],
    );
    if (!inserted.length) throw conflict(`Event type ${input.type} already exists`);
    this.invalidate(input.type);
    return { type: input.type, description: input.description, schema: input.schema ?? null };
  }

  async remove(type: string): Promise<void> {
    const result = await this.repo.delete({ type });
    this.invalidate(type);
    if (!result.affected) throw notFound(`Event type ${type}`);
  }

  private invalidate(type: string): void {
    this.cache = null;
    this.validators.delete(type);
  }

  private types(): Promise<Map<string, EventTypeEntity>> {
    if (!this.cache || Date.now() - this.cache.loadedAt > CACHE_TTL_MS) {
      const types = this.repo.find().then((rows) => new Map(rows.map((row) => [row.type, row])));
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
