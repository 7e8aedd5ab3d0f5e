import * as z from 'zod';

/** The issue a value gets when reading it threw: a getter, a Proxy trap or a conversion of the caller's. */
function unreadableError(): z.ZodError {
  return new z.ZodError([
    {
      code: 'custom',
      path: [],
      message: 'the value could not be read: a getter, a proxy trap or a conversion threw',
      params: { code: 'schema/unreadable' },
      input: undefined,
    },
  ]);
}

/**
 * Makes an exported schema's parse methods total, whatever they are given. zod reads a value with
 * plain property access and conversions, so a caller's getter or Proxy trap that throws, or an
 * array-like whose `length` is a Symbol, made `safeParse` throw a TypeError. Now the safe methods
 * return `{ success: false }` with one `schema/unreadable` issue and `parse` throws a ZodError, as for
 * any other bad value. The schema is changed in place (its own methods shadow zod's), so it stays the
 * object callers compose into their own schemas; schemas derived from it (`.extend()`, `.optional()`)
 * are zod's and read values as zod does.
 *
 * @example
 * personSchema.safeParse(new Proxy({}, { ownKeys() { throw new Error('no') } })).success // false
 */
export function withTotalParsing<S extends z.ZodType>(schema: S): S {
  const safeParse = schema.safeParse.bind(schema);
  const safeParseAsync = schema.safeParseAsync.bind(schema);
  const parse = schema.parse.bind(schema);
  const parseAsync = schema.parseAsync.bind(schema);
  const methods: Record<string, unknown> = {
    safeParse(data: unknown, params?: unknown) {
      try {
        return safeParse(data, params as never);
      } catch {
        return { success: false, error: unreadableError() };
      }
    },
    async safeParseAsync(data: unknown, params?: unknown) {
      try {
        return await safeParseAsync(data, params as never);
      } catch {
        return { success: false, error: unreadableError() };
      }
    },
    parse(data: unknown, params?: unknown) {
      try {
        return parse(data, params as never);
      } catch (error) {
        throw error instanceof z.ZodError ? error : unreadableError();
      }
    },
    async parseAsync(data: unknown, params?: unknown) {
      try {
        return await parseAsync(data, params as never);
      } catch (error) {
        throw error instanceof z.ZodError ? error : unreadableError();
      }
    },
  };
  for (const [name, value] of Object.entries(methods)) Object.defineProperty(schema, name, { value, writable: true, configurable: true });
  return schema;
}
