import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, ApiPropertyOptions } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsEmail,
  IsIn,
  IsInt,
  IsISO8601,
  IsObject,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';

/**
 * Combined validation + documentation decorators (after immich's `src/validation.ts`): each rule is written
 * once, as `[value, message]`, and becomes both the class-validator check and the OpenAPI keyword, so that
 * the spec and what the API accepts cannot drift apart. Messages stay explicit: they are part of the API.
 */
interface Documented {
  description?: string;
  example?: unknown;
  /** Absent is fine (`@IsOptional`, documented as not required). */
  optional?: boolean;
  /** `null` is accepted as well. */
  nullable?: boolean;
}

type Rule<T> = [T, string];

export interface TextRules extends Documented {
  /** The message when the value is not a string. */
  string: string;
  length?: [min: number, max: number, message: string];
  minLength?: Rule<number>;
  maxLength?: Rule<number>;
  pattern?: Rule<RegExp>;
  email?: string;
}

export interface TextListRules extends Documented {
  /** The message when the value is not an array. */
  array: string;
  maxItems?: Rule<number>;
  each: Omit<TextRules, keyof Documented>;
}

/** Decorators are listed top to bottom as they would be written above a field, and applied bottom-up like those. */
const stacked = (...decorators: PropertyDecorator[]) => applyDecorators(...decorators.reverse());

const documentation = (rules: Documented, schema: ApiPropertyOptions): PropertyDecorator => {
  const options = {
    ...schema,
    ...(rules.description !== undefined ? { description: rules.description } : {}),
    ...(rules.example !== undefined ? { example: rules.example } : {}),
    ...(rules.nullable ? { nullable: true } : {}),
  } as ApiPropertyOptions;
  return rules.optional ? ApiPropertyOptional(options) : ApiProperty(options);
};

function textChecks(rules: Omit<TextRules, keyof Documented>, each: boolean): PropertyDecorator[] {
  const checks: PropertyDecorator[] = [];
  if (rules.email) checks.push(IsEmail({}, { each, message: rules.email }));
  else checks.push(IsString({ each, message: rules.string }));
  if (rules.length) checks.push(Length(rules.length[0], rules.length[1], { each, message: rules.length[2] }));
  if (rules.minLength) checks.push(MinLength(rules.minLength[0], { each, message: rules.minLength[1] }));
  if (rules.maxLength) checks.push(MaxLength(rules.maxLength[0], { each, message: rules.maxLength[1] }));
  if (rules.pattern) checks.push(Matches(rules.pattern[0], { each, message: rules.pattern[1] }));
  return checks;
}

function textSchema(rules: Omit<TextRules, keyof Documented>): Record<string, unknown> {
  return {
    type: 'string',
    ...(rules.email ? { format: 'email' } : {}),
    ...(rules.length ? { minLength: rules.length[0], maxLength: rules.length[1] } : {}),
    ...(rules.minLength ? { minLength: rules.minLength[0] } : {}),
    ...(rules.maxLength ? { maxLength: rules.maxLength[0] } : {}),
    ...(rules.pattern ? { pattern: rules.pattern[0].source } : {}),
  };
}

export const TextField = (rules: TextRules) =>
  stacked(
    documentation(rules, textSchema(rules) as ApiPropertyOptions),
    ...(rules.optional ? [IsOptional()] : []),
    ...textChecks(rules, false),
  );

export const TextListField = (rules: TextListRules) =>
  stacked(
    documentation(rules, {
      type: 'array',
      items: textSchema(rules.each),
      ...(rules.maxItems ? { maxItems: rules.maxItems[0] } : {}),
    } as ApiPropertyOptions),
    ...(rules.optional ? [IsOptional()] : []),
    IsArray({ message: rules.array }),
    ...(rules.maxItems ? [ArrayMaxSize(rules.maxItems[0], { message: rules.maxItems[1] })] : []),
    ...textChecks(rules.each, true),
  );

/** A JSON object with any properties (an event's `data`, a JSON Schema). */
export const ObjectField = (rules: Documented & { object: string }) =>
  stacked(
    documentation(rules, { type: 'object', additionalProperties: true }),
    ...(rules.optional ? [IsOptional()] : []),
    IsObject({ message: rules.object }),
  );

/** One of a fixed list of values. */
export const OneOfField = (values: readonly string[], rules: Documented & { oneOf: string }) =>
  stacked(
    documentation(rules, { enum: [...values] }),
    ...(rules.optional ? [IsOptional()] : []),
    IsIn([...values], { message: rules.oneOf }),
  );

/** A whole number in a JSON body, with its bounds (and default, when absent means one) documented. */
export const IntField = (
  rules: Documented & { int: string; min: Rule<number>; max: Rule<number>; default?: number },
) =>
  stacked(
    documentation(rules, {
      type: 'integer',
      minimum: rules.min[0],
      maximum: rules.max[0],
      ...(rules.default !== undefined ? { default: rules.default } : {}),
    }),
    ...(rules.optional ? [IsOptional()] : []),
    IsInt({ message: rules.int }),
    Min(rules.min[0], { message: rules.min[1] }),
    Max(rules.max[0], { message: rules.max[1] }),
  );

/** `true` or `false`. */
export const BooleanField = (rules: Documented & { boolean: string; default?: boolean }) =>
  stacked(
    documentation(rules, {
      type: 'boolean',
      ...(rules.default !== undefined ? { default: rules.default } : {}),
    }),
    ...(rules.optional ? [IsOptional()] : []),
    IsBoolean({ message: rules.boolean }),
  );

/** An ISO-8601 date-time with its time zone (`2026-03-01T00:00:00Z`). */
export const DateTimeField = (rules: Documented & { dateTime: string }) =>
  stacked(
    documentation(rules, { type: 'string', format: 'date-time' }),
    ...(rules.optional ? [IsOptional()] : []),
    IsISO8601({ strict: true }, { message: rules.dateTime }),
  );

/** A whole number from a query string (converted first), with its bounds and default documented. */
export const QueryIntField = (
  rules: Documented & { int: string; min: Rule<number>; max: Rule<number>; default: number },
) =>
  stacked(
    IntField({ ...rules, optional: true }),
    Type(() => Number),
  );
