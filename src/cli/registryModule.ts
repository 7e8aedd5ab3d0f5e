/**
 * A caller's model registry by module specifier, for runs whose work crosses threads and processes
 * (the partitioned run's jobs, `padan worker` on other machines). A registry holds functions, which
 * cannot be sent to another thread or written to the work folder, so the folder names the module that
 * makes it and each process imports that module once. The module exports the registry (made by
 * `createModelRegistry`) as `registry` or as its default export.
 */
import { isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { PadanError } from '../_internal/error.js';
import type { ModelRegistry } from '../model/modelRegistry.js';

/**
 * The specifier every process resolves alike: a path (relative to `cwd`) becomes a `file:` URL, a
 * package name stays as it is (resolved from padan's own folder, so beside padan in node_modules).
 *
 * @example
 * registryModuleSpecifier('./registry.mjs', '/srv/run') // → 'file:///srv/run/registry.mjs'
 * registryModuleSpecifier('@ministry/padan-rules') // → '@ministry/padan-rules'
 */
export function registryModuleSpecifier(given: unknown, cwd: string = process.cwd()): string {
  if (typeof given !== 'string' || given.trim() === '')
    throw new PadanError('invalid-argument', 'registry: give the module that exports the registry, as a path or a package name');
  if (given.startsWith('file:')) return given;
  if (given.startsWith('.') || isAbsolute(given)) return pathToFileURL(resolve(cwd, given)).href;
  return given;
}

/** Registries imported by this process, by specifier: each module is imported once per thread. */
const loaded = new Map<string, ModelRegistry>();

/**
 * Imports the registry module once in this process and returns its registry. Throws
 * `PadanError('invalid-config')` naming the module when it cannot be imported here or exports no
 * registry: every process that runs jobs must reach it (a path on shared storage, or a package).
 *
 * @example
 * const registry = await loadRegistryModule('file:///srv/run/registry.mjs');
 */
export async function loadRegistryModule(specifier: string): Promise<ModelRegistry> {
  const known = loaded.get(specifier);
  if (known !== undefined) return known;
  let exports: Record<string, unknown>;
  try {
    exports = (await import(specifier)) as Record<string, unknown>;
  } catch (cause) {
    throw new PadanError(
      'invalid-config',
      `registry module "${specifier}" cannot be imported in this process (pid ${process.pid}): ${String((cause as Error)?.message ?? cause)}. Every process that runs jobs must reach it: a path on shared storage, or a package installed beside padan.`,
    );
  }
  const registry = exports.registry ?? exports.default;
  if ((registry as { kind?: unknown } | null | undefined)?.kind !== 'padan/model-registry') {
    throw new PadanError(
      'invalid-config',
      `registry module "${specifier}" exports no model registry: export the one createModelRegistry made as \`registry\` or as the default export`,
    );
  }
  loaded.set(specifier, registry as ModelRegistry);
  return registry as ModelRegistry;
}

/** The registry this process already imported (see {@link loadRegistryModule}); jobs load it before they read the model. */
export function loadedRegistry(specifier: string): ModelRegistry {
  const registry = loaded.get(specifier);
  if (registry === undefined) throw new PadanError('internal', `registry module "${specifier}" was not imported before the model was read`);
  return registry;
}
