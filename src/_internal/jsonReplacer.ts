/**
 * A `JSON.stringify` replacer for padan's results. The pipeline hands typed arrays between stages
 * (`clusterOf`, `familyOf`, `pairs.left` …) because they are compact and fast, but JSON writes an
 * `Int32Array` as `{"0":0,"1":1,…}`; this writes it as an array. Maps become objects, Sets arrays.
 *
 * @example
 * JSON.stringify({ clusterOf: Int32Array.of(0, 0, 1) }, jsonReplacer) // → '{"clusterOf":[0,0,1]}'
 * JSON.stringify({ clusterOf: Int32Array.of(0, 0, 1) })               // → '{"clusterOf":{"0":0,"1":0,"2":1}}'
 */
export function jsonReplacer(_key: string, value: unknown): unknown {
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
    return typeof (value as { [Symbol.iterator]?: unknown })[Symbol.iterator] === 'function'
      ? Array.from(value as unknown as Iterable<number | bigint>, (item) => (typeof item === 'bigint' ? item.toString() : item))
      : value;
  }
  if (value instanceof Map) return Object.fromEntries(value);
  if (value instanceof Set) return [...value];
  return value;
}
