/** A path into a record: property names and array indexes, outermost first. */
export type IssuePath = readonly (string | number)[];

/**
 * One problem found in the data. Data problems are values, never exceptions.
 * `message` never contains a full NIK or KK (see `redactIdentifiers`).
 */
export interface Issue<Code extends string = string> {
  /** A literal, machine-readable code, e.g. `nik/impossible-date`. */
  readonly code: Code;
  /** Where in the record the problem is. */
  readonly path: IssuePath;
  /** A human-readable sentence with every identifier masked. */
  readonly message: string;
  /** `error` rejects the value; `warning` is reported and the value is kept. */
  readonly severity: 'error' | 'warning';
  /** The id of the record that carried the value, when known. */
  readonly recordId?: string;
}

/** The outcome of a function that checks data: the value, or every issue found. */
export type Result<Value, Code extends string = string> =
  | { readonly success: true; readonly value: Value; readonly warnings: readonly Issue<Code>[] }
  | { readonly success: false; readonly issues: readonly Issue<Code>[] };

/** Builds a successful result. */
export function ok<Value, Code extends string = string>(value: Value, warnings: readonly Issue<Code>[] = []): Result<Value, Code> {
  return { success: true, value, warnings };
}

/** Builds a failed result; `issues` must not be empty. */
export function fail<Value, Code extends string = string>(issues: readonly Issue<Code>[]): Result<Value, Code> {
  return { success: false, issues };
}
