// A module that exports no registry: `loadRegistryModule` must say so.
export const registry = { kind: 'something-else' };
