/**
 * Every parameter of a public function that is an options object, read from the sources of the
 * package's entry points (package.json "exports", the same list the fuzz coverage reads). Syntactic on
 * purpose: a type checker over the whole source tree takes seconds; parsing the files an export chain
 * passes through takes milliseconds. A parameter is an options bag when it is named `options` (or
 * `_options`) or its type's name ends in `Options`; for a class, the constructor's parameters count.
 */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { packageEntrySources } from '../../benchmarks/fuzz/exports.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** One options parameter of an export: `parseNik` takes options as argument 1. */
export interface OptionParameter {
  readonly export: string;
  readonly subpath: string;
  readonly index: number;
  readonly type: string;
}

const parsed = new Map<string, ts.SourceFile>();
function sourceFile(path: string): ts.SourceFile {
  let file = parsed.get(path);
  if (file === undefined) {
    file = ts.createSourceFile(path, readFileSync(path, 'utf8'), ts.ScriptTarget.ES2022, true);
    parsed.set(path, file);
  }
  return file;
}

function moduleFile(from: string, specifier: string): string {
  return resolve(dirname(from), specifier.replace(/\.js$/, '.ts'));
}

function hasExportModifier(node: ts.Node): boolean {
  return ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
}

/** The parameter lists `name` has in `path`: a function's overloads, a class's constructors, an arrow assigned to a const. */
function parameterLists(path: string, name: string, seen = new Set<string>()): ts.NodeArray<ts.ParameterDeclaration>[] {
  const key = `${path}#${name}`;
  if (seen.has(key)) return [];
  seen.add(key);
  const file = sourceFile(path);
  const lists: ts.NodeArray<ts.ParameterDeclaration>[] = [];
  for (const statement of file.statements) {
    if (ts.isFunctionDeclaration(statement) && statement.name?.text === name) lists.push(statement.parameters);
    else if (ts.isClassDeclaration(statement) && statement.name?.text === name) {
      for (const member of statement.members) if (ts.isConstructorDeclaration(member)) lists.push(member.parameters);
    } else if (ts.isVariableStatement(statement)) {
      for (const declaration of statement.declarationList.declarations) {
        if (!ts.isIdentifier(declaration.name) || declaration.name.text !== name || declaration.initializer === undefined) continue;
        const init = declaration.initializer;
        if (ts.isArrowFunction(init) || ts.isFunctionExpression(init)) lists.push(init.parameters);
      }
    } else if (
      ts.isExportDeclaration(statement) &&
      !statement.isTypeOnly &&
      statement.moduleSpecifier !== undefined &&
      statement.exportClause &&
      ts.isNamedExports(statement.exportClause)
    ) {
      for (const element of statement.exportClause.elements) {
        if (element.isTypeOnly || element.name.text !== name) continue;
        const local = (element.propertyName ?? element.name).text;
        lists.push(...parameterLists(moduleFile(path, (statement.moduleSpecifier as ts.StringLiteral).text), local, seen));
      }
    } else if (ts.isImportDeclaration(statement) && statement.importClause?.namedBindings && ts.isNamedImports(statement.importClause.namedBindings)) {
      for (const element of statement.importClause.namedBindings.elements) {
        if (element.name.text !== name) continue;
        const imported = (element.propertyName ?? element.name).text;
        lists.push(...parameterLists(moduleFile(path, (statement.moduleSpecifier as ts.StringLiteral).text), imported, seen));
      }
    }
  }
  return lists;
}

/** The runtime (non-type) names a module exports. */
function exportedNames(path: string): string[] {
  const names: string[] = [];
  for (const statement of sourceFile(path).statements) {
    if (ts.isExportDeclaration(statement) && !statement.isTypeOnly && statement.exportClause && ts.isNamedExports(statement.exportClause)) {
      for (const element of statement.exportClause.elements) if (!element.isTypeOnly) names.push(element.name.text);
    } else if ((ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement)) && hasExportModifier(statement) && statement.name) {
      names.push(statement.name.text);
    } else if (ts.isVariableStatement(statement) && hasExportModifier(statement)) {
      for (const declaration of statement.declarationList.declarations) if (ts.isIdentifier(declaration.name)) names.push(declaration.name.text);
    }
  }
  return [...new Set(names)];
}

function isOptionsParameter(parameter: ts.ParameterDeclaration): boolean {
  const name = ts.isIdentifier(parameter.name) ? parameter.name.text : '';
  if (/^_?options$/i.test(name)) return true;
  const type = parameter.type?.getText() ?? '';
  return /^(?:Readonly<)?\w*Options\b/.test(type) || /^(?:Pick|Omit|Partial)<\w*Options\b/.test(type);
}

/** Every options parameter of every runtime export of every code entry point of the package. */
export function optionParameters(): OptionParameter[] {
  const out: OptionParameter[] = [];
  const seen = new Set<string>();
  for (const { subpath, source } of packageEntrySources()) {
    const path = join(root, source);
    for (const name of exportedNames(path)) {
      for (const parameters of parameterLists(path, name)) {
        parameters.forEach((parameter, index) => {
          const key = `${name}#${index}`;
          if (!isOptionsParameter(parameter) || seen.has(key)) return;
          seen.add(key);
          out.push({ export: name, subpath, index, type: parameter.type?.getText() ?? '' });
        });
      }
    }
  }
  return out;
}

/** The store interface and the classes implementing it, whose methods' options bags are enumerated. */
const STORE_DECLARATIONS: readonly { readonly file: string; readonly name: string }[] = [
  { file: 'src/store/types.ts', name: 'EntityStore' },
  { file: 'src/store/MemoryEntityStore.ts', name: 'MemoryEntityStore' },
  { file: 'src/store/postgres/PostgresEntityStore.ts', name: 'PostgresEntityStore' },
];

/**
 * Every options parameter of a public method of the entity store (the `EntityStore` interface and
 * both stores' classes, private and `@internal` members left out), by method name: `add` takes
 * options as argument 1.
 */
export function storeMethodOptionParameters(): { readonly method: string; readonly index: number }[] {
  const out = new Map<string, { method: string; index: number }>();
  for (const { file, name } of STORE_DECLARATIONS) {
    for (const statement of sourceFile(join(root, file)).statements) {
      const members =
        ts.isInterfaceDeclaration(statement) && statement.name.text === name
          ? statement.members
          : ts.isClassDeclaration(statement) && statement.name?.text === name
            ? statement.members
            : undefined;
      if (members === undefined) continue;
      for (const member of members) {
        if (!(ts.isMethodSignature(member) || ts.isMethodDeclaration(member)) || !ts.isIdentifier(member.name)) continue;
        const hidden = (ts.getModifiers(member) ?? []).some((m) => m.kind === ts.SyntaxKind.PrivateKeyword || m.kind === ts.SyntaxKind.ProtectedKeyword);
        if (hidden || ts.getJSDocTags(member).some((tag) => tag.tagName.text === 'internal')) continue;
        const method = member.name.text;
        member.parameters.forEach((parameter, index) => {
          if (isOptionsParameter(parameter)) out.set(`${method}#${index}`, { method, index });
        });
      }
    }
  }
  return [...out.values()];
}
