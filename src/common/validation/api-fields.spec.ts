import { HttpException } from '@nestjs/common';
import { BooleanField, DateTimeField, IntField, OneOfField, TextField, TextListField } from './api-fields';
import { validateInput } from './validation-pipe';

class Sample {
  @TextField({
    string: 'code must be a string',
    maxLength: [5, 'code must be at most 5 characters'],
    pattern: [/^[a-z]+$/, 'code must be lowercase letters'],
  })
  code: string;

  @TextListField({
    optional: true,
    array: 'tags must be an array',
    maxItems: [2, 'tags may hold at most 2 entries'],
    each: { string: 'each tag must be a string', length: [1, 3, 'each tag must be 1 to 3 characters'] },
  })
  tags?: string[];

  @IntField({
    optional: true,
    default: 10,
    int: 'limit must be a whole number',
    min: [1, 'limit must be at least 1'],
    max: [50, 'limit must be at most 50'],
  })
  limit?: number;

  @BooleanField({ optional: true, default: true, boolean: 'active must be true or false' })
  active?: boolean;

  @DateTimeField({ optional: true, dateTime: 'since must be an ISO-8601 date-time' })
  since?: string;

  @OneOfField(['a', 'b'], { optional: true, oneOf: 'mode must be a or b' })
  mode?: string;
}

// @nestjs/swagger keeps a property's schema under this key (its DECORATORS.API_MODEL_PROPERTIES, not exported).
const API_MODEL_PROPERTIES = 'swagger/apiModelProperties';
const schemaOf = (field: keyof Sample) =>
  Reflect.getMetadata(API_MODEL_PROPERTIES, Sample.prototype, field) as Record<string, unknown>;

/** The messages of the 400 `validateInput` throws for `plain`, or [] when it is accepted. */
async function refusals(plain: object): Promise<string[]> {
  try {
    await validateInput(Sample, plain);
    return [];
  } catch (error) {
    const body = (error as HttpException).getResponse() as { details: Array<{ message: string }> };
    return body.details.map((detail) => detail.message);
  }
}

describe('combined validation + documentation decorators', () => {
  it('accepts a valid object and converts nothing it should not', async () => {
    const valid = {
      code: 'abc',
      tags: ['x'],
      limit: 3,
      active: false,
      since: '2026-03-01T00:00:00Z',
      mode: 'a',
    };
    expect(await refusals(valid)).toEqual([]);
    expect(await validateInput(Sample, valid)).toMatchObject(valid);
  });

  it('documents each rule it checks, with the same bounds', async () => {
    expect(schemaOf('code')).toMatchObject({
      type: 'string',
      maxLength: 5,
      pattern: '^[a-z]+$',
    });
    expect(await refusals({ code: 'abcdef' })).toEqual(['code must be at most 5 characters']);
    expect(await refusals({ code: 'ABC' })).toEqual(['code must be lowercase letters']);
    expect(await refusals({})).toContain('code must be a string');

    expect(schemaOf('tags')).toMatchObject({
      type: 'array',
      maxItems: 2,
      items: { type: 'string', minLength: 1, maxLength: 3 },
      required: false,
    });
    expect(await refusals({ code: 'a', tags: ['a', 'b', 'c'] })).toEqual(['tags may hold at most 2 entries']);
    expect(await refusals({ code: 'a', tags: ['abcd'] })).toEqual(['each tag must be 1 to 3 characters']);

    expect(schemaOf('limit')).toMatchObject({
      type: 'integer',
      minimum: 1,
      maximum: 50,
      default: 10,
      required: false,
    });
    expect(await refusals({ code: 'a', limit: 0 })).toEqual(['limit must be at least 1']);
    expect(await refusals({ code: 'a', limit: 51 })).toEqual(['limit must be at most 50']);
    expect(await refusals({ code: 'a', limit: 1.5 })).toEqual(['limit must be a whole number']);

    expect(schemaOf('active')).toMatchObject({ type: 'boolean', default: true });
    expect(await refusals({ code: 'a', active: 'yes' })).toEqual(['active must be true or false']);

    expect(schemaOf('since')).toMatchObject({ type: 'string', format: 'date-time' });
    expect(await refusals({ code: 'a', since: 'yesterday' })).toEqual([
      'since must be an ISO-8601 date-time',
    ]);

    expect(schemaOf('mode')).toMatchObject({ enum: ['a', 'b'] });
    expect(await refusals({ code: 'a', mode: 'c' })).toEqual(['mode must be a or b']);
  });
});
