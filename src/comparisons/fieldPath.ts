/** Reads a dotted path (`address.villageCode`) from a record; undefined where any step is missing. */
export type FieldReader = (record: unknown) => unknown;

/** Compiles a dotted field path into a reader, once per model rather than once per record. */
export function compileFieldPath(path: string): FieldReader {
  const steps = path.split('.');
  if (steps.length === 1) {
    const only = steps[0] as string;
    return (record) => (record as Record<string, unknown> | null | undefined)?.[only];
  }
  if (steps.length === 2) {
    // The common nested case (address.villageCode) without a loop: read once per record per column.
    const [outer, inner] = steps as [string, string];
    return (record) => {
      const value = (record as Record<string, unknown> | null | undefined)?.[outer];
      return value === null || typeof value !== 'object' ? undefined : (value as Record<string, unknown>)[inner];
    };
  }
  return (record) => {
    let value: unknown = record;
    for (const step of steps) {
      if (value === null || typeof value !== 'object') return undefined;
      value = (value as Record<string, unknown>)[step];
    }
    return value;
  };
}
