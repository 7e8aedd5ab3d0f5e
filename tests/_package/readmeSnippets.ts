/**
 * The README's ```ts snippets, instrumented: each line ending in `// → value` becomes a check that
 * the expression deep-equals the value; the script exits 1 listing what differed. Used against the
 * source (tests/readme.test.ts) and the packed package (tests/package/tarball.test.ts).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './packed.js';

export function readmeSnippets(): string[] {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  return [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((match) => match[1] as string);
}

/** The snippet as a script; `rewriteImports` may point `from 'padan…'` elsewhere. */
export function instrumentSnippet(snippet: string, rewriteImports: (body: string) => string = (body) => body): string {
  const lines = snippet.split('\n').map((line) => {
    const arrow = line.match(/^(.*?)\s*\/\/ → (.*)$/);
    if (arrow === null) return line;
    const [, expression, expected] = arrow as unknown as [string, string, string];
    // Async, so that a checked line may await (the store's API returns Promises).
    return `await __expect(${JSON.stringify(expression.trim())}, async () => (${expression.trim().replace(/;$/, '')}), () => (${expected}));`;
  });
  const body = rewriteImports(lines.join('\n'));
  return `import { isDeepStrictEqual, inspect } from 'node:util';
const __failures: string[] = [];
async function __expect(source: string, actual: () => Promise<unknown>, expected: () => unknown): Promise<void> {
  const got = await actual();
  const want = expected();
  if (!isDeepStrictEqual(got, want)) __failures.push(source + ' gave ' + inspect(got) + ', README says ' + inspect(want));
}
${body}
if (__failures.length > 0) { console.error(__failures.join('\\n')); process.exit(1); }
`;
}

/**
 * All snippets as one instrumented script: their imports merged at the top, each body in its own
 * block (so their names do not collide) and labelled, so one process runs them all.
 */
export function combinedSnippets(snippets: readonly string[]): string {
  const named = new Map<string, Set<string>>();
  const other = new Set<string>();
  const bodies = snippets.map((snippet, index) => {
    const body: string[] = [];
    for (const line of snippet.split('\n')) {
      const match = line.match(/^import \{ (.*) \} from '([^']+)';$/);
      if (match !== null) {
        const [, names, from] = match as unknown as [string, string, string];
        const set = named.get(from) ?? new Set<string>();
        for (const name of names.split(',')) set.add(name.trim());
        named.set(from, set);
      } else if (line.startsWith('import ')) other.add(line);
      else body.push(line);
    }
    return `// README snippet ${index + 1}\n{\n${body.join('\n')}\n}`;
  });
  const imports = [...other, ...[...named].map(([from, names]) => `import { ${[...names].join(', ')} } from '${from}';`)];
  return instrumentSnippet(`${imports.join('\n')}\n${bodies.join('\n')}`);
}
