/**
 * Whether both records carry all of `required` and at least one of `any` (0 = no condition) in their
 * preparer flags: the shared condition of levels that qualify a match by how each value sits in its record.
 */
export function hasFlags(flags: Uint8Array, left: number, right: number, required: number, any: number): boolean {
  const a = flags[left] as number;
  const b = flags[right] as number;
  if ((a & required) !== required || (b & required) !== required) return false;
  return any === 0 || ((a & any) !== 0 && (b & any) !== 0);
}
