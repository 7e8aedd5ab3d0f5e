import { PadanError } from '../_internal/error.js';
import { KEY_TRANSFORMS, type KeyTransform } from './keyTransforms.js';
import type { LevelKind } from './level.js';
import { LEVEL_KINDS } from './levelKinds.js';
import { PREPARER_NAMES, type Preparer } from './preparers.js';

/**
 * A caller's own preparers, level kinds and key transforms, under the same contracts as the
 * built-in ones (`Preparer`, `LevelKind`, `KeyTransform`); a model spec names them like built-ins.
 */
export interface ModelRegistry {
  readonly kind: 'padan/model-registry';
  readonly preparers: ReadonlyMap<string, Preparer>;
  readonly levelKinds: ReadonlyMap<string, LevelKind<never>>;
  readonly keyTransforms: ReadonlyMap<string, KeyTransform>;
}

/** What {@link createModelRegistry} takes. */
export interface ModelRegistryInput {
  readonly preparers?: readonly Preparer[];
  // A level kind's spec type is the caller's own: any of them goes in one list.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly levelKinds?: readonly LevelKind<any>[];
  readonly keyTransforms?: Readonly<Record<string, KeyTransform>>;
}

function invalid(message: string): never {
  throw new PadanError('invalid-config', `createModelRegistry: ${message}`);
}

function checkName(name: unknown, what: string, builtIn: readonly string[], seen: Set<string>): string {
  if (typeof name !== 'string' || name === '') invalid(`a ${what} needs a non-empty string name`);
  if (builtIn.includes(name) || (what === 'preparer' && name.startsWith('date:'))) invalid(`${what} "${name}" is built in: give yours another name`);
  if (seen.has(name)) invalid(`${what} "${name}" is registered twice`);
  seen.add(name);
  return name;
}

/**
 * Registers a caller's preparers, level kinds and key transforms, checked once: each needs a new name
 * and the functions its contract names. Pass the registry to `compileModel` or `resolveRecords`.
 *
 * @example
 * const registry = createModelRegistry({ keyTransforms: { 'first-3': (column, r) => textOf(column, r)?.slice(0, 3) ?? null } });
 * compileModel(spec, { registry }) // a blocking rule may now say transform: 'first-3'
 */
export function createModelRegistry(input: ModelRegistryInput): ModelRegistry {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) invalid('takes { preparers?, levelKinds?, keyTransforms? }');
  for (const key in input)
    if (Object.prototype.hasOwnProperty.call(input, key) && key !== 'preparers' && key !== 'levelKinds' && key !== 'keyTransforms')
      invalid(`unknown option "${key}" (known: preparers, levelKinds, keyTransforms)`);
  if (input.preparers !== undefined && !Array.isArray(input.preparers)) invalid('preparers must be an array');
  if (input.levelKinds !== undefined && !Array.isArray(input.levelKinds)) invalid('levelKinds must be an array');
  if (input.keyTransforms !== undefined && (typeof input.keyTransforms !== 'object' || input.keyTransforms === null || Array.isArray(input.keyTransforms)))
    invalid('keyTransforms must be an object of functions by name');
  const preparers = new Map<string, Preparer>();
  const seenPreparers = new Set<string>();
  for (const preparer of input.preparers ?? []) {
    const name = checkName(preparer?.name, 'preparer', PREPARER_NAMES, seenPreparers);
    if (typeof preparer.prepare !== 'function') invalid(`preparer "${name}" needs a prepare function`);
    preparers.set(name, preparer);
  }
  const levelKinds = new Map<string, LevelKind<never>>();
  const seenKinds = new Set<string>();
  for (const kind of input.levelKinds ?? []) {
    const name = checkName(kind?.kind, 'level kind', LEVEL_KINDS, seenKinds);
    if (typeof kind.compile !== 'function' || typeof kind.schema?.safeParse !== 'function')
      invalid(`level kind "${name}" needs a zod schema and a compile function`);
    // A kind is stored apart from its spec type, as levelKinds.ts stores the built-in ones.
    levelKinds.set(name, kind as unknown as LevelKind<never>);
  }
  const keyTransforms = new Map<string, KeyTransform>();
  const seenTransforms = new Set<string>();
  for (const [name, transform] of Object.entries(input.keyTransforms ?? {})) {
    checkName(name, 'key transform', KEY_TRANSFORMS, seenTransforms);
    if (typeof transform !== 'function') invalid(`key transform "${name}" must be a function (column, record) => string | null`);
    keyTransforms.set(name, transform);
  }
  return { kind: 'padan/model-registry', preparers, levelKinds, keyTransforms };
}
