import { readFileSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

// Protects editor completion for records (issue 23): inside a record passed to the public functions
// the TypeScript language service offers the record's field names, and a record with a field padan
// does not know (a source's own column) or of unknown type still compiles.
const root = resolve(import.meta.dirname, '../..');
const index = join(root, 'src/index.ts');

function completionsAt(source: string): string[] {
  const file = join(root, 'tests/schema/__completion__.ts');
  const cursor = source.indexOf('|');
  const text = source.replace('|', '');
  const options: ts.CompilerOptions = {
    strict: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    types: ['node'],
    skipLibCheck: true,
    noEmit: true,
  };
  const host: ts.LanguageServiceHost = {
    getScriptFileNames: () => [file],
    getScriptVersion: () => '1',
    getScriptSnapshot: (name) =>
      name === file ? ts.ScriptSnapshot.fromString(text) : existsSync(name) ? ts.ScriptSnapshot.fromString(readFileSync(name, 'utf8')) : undefined,
    getCurrentDirectory: () => root,
    getCompilationSettings: () => options,
    getDefaultLibFileName: ts.getDefaultLibFilePath,
    fileExists: (name) => name === file || ts.sys.fileExists(name),
    readFile: (name) => (name === file ? text : ts.sys.readFile(name)),
    readDirectory: ts.sys.readDirectory,
    directoryExists: ts.sys.directoryExists,
    getDirectories: ts.sys.getDirectories,
  };
  const service = ts.createLanguageService(host);
  const diagnostics = service.getSemanticDiagnostics(file).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
  const names = service.getCompletionsAtPosition(file, cursor, {})?.entries.map((entry) => entry.name) ?? [];
  return [...names, ...diagnostics.map((message) => `error: ${message}`)];
}

describe('record input types', () => {
  it('complete person fields inside resolvePersons([...]) and store.add', { timeout: 120_000 }, () => {
    const names =
      completionsAt(`import { resolvePersons, createEntityStore, dtsenPersonPrior, dtsenPersonPolicy } from ${JSON.stringify(index.replace(/\.ts$/, '.js'))};
resolvePersons([{ source: 'dtks', recordId: 'A1', | }]);
void createEntityStore({ model: dtsenPersonPrior(), policy: dtsenPersonPolicy }).add([{ nik: '3201015205900001', desil: 2 }]);
const parsed: unknown[] = JSON.parse('[]');
resolvePersons(parsed);
`);
    expect(names.filter((name) => name.startsWith('error:'))).toEqual([]);
    for (const field of ['nik', 'kk', 'name', 'sex', 'birthDate', 'address', 'observedAt', 'channel', 'motherName']) expect(names).toContain(field);
  });

  it('complete family and dwelling fields inside resolve({ ... })', { timeout: 120_000 }, () => {
    const names = completionsAt(`import { resolve } from ${JSON.stringify(index.replace(/\.ts$/, '.js'))};
resolve({ persons: [], families: [{ kk: '3201010501240007', memberNiks: ['3201014101900001'] }], dwellings: [{ housing: { | } }] });
`);
    expect(names.filter((name) => name.startsWith('error:'))).toEqual([]);
    expect(names).toContain('roofMaterial');
    expect(names).toContain('floorAreaM2');
  });
});
