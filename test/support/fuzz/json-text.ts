/**
 * JSON text built by hand, so that a generated body can hold what JSON.stringify cannot write: numbers
 * such as 1e400 or 30 digits, nesting thousands of levels deep (written without recursion), and
 * escapes of lone surrogates or NUL.
 */
export class Raw {
  constructor(readonly text: string) {}
}

export type Value = Raw | string | number | boolean | null | Value[] | { [key: string]: Value };

export function toJsonText(value: Value): string {
  if (value instanceof Raw) return value.text;
  if (Array.isArray(value)) return `[${value.map(toJsonText).join(',')}]`;
  if (value && typeof value === 'object')
    return `{${Object.entries(value)
      .map(([key, inner]) => `${JSON.stringify(key)}:${toJsonText(inner)}`)
      .join(',')}}`;
  return JSON.stringify(value);
}
