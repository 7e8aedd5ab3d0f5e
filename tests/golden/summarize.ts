/**
 * The canonical, compact summary of a resolution that the golden file pins: cluster membership as
 * sorted record keys, each person's ID, and the unified name and birth date.
 */
import { compilePolicy } from '../../src/merge/compilePolicy.js';
import { dtsenPersonPolicy } from '../../src/merge/dtsenPersonPolicy.js';
import { mergeCluster } from '../../src/merge/mergeCluster.js';
import type { MergePersonRecord } from '../../src/merge/types.js';
import { resolvePersons } from '../../src/resolve.js';
import { generateSources } from '../../src/synth/sources.js';
import type { SynthPersonRecord } from '../../src/synth/types.js';

/** The fixture: person records of a small seeded population, in generation order. */
export function smallPopulation(): SynthPersonRecord[] {
  const records: SynthPersonRecord[] = [];
  for (const item of generateSources({ persons: 300, seed: 20261129 })) if (item.kind === 'person') records.push(item.record);
  return records;
}

/** Resolves and merges, then renders the summary as JSON text (the exact bytes compared). */
export function summarizeResolution(records: readonly unknown[]): string {
  const resolution = resolvePersons(records);
  const policy = compilePolicy(dtsenPersonPolicy);
  const persons = resolution.clusters.map((cluster) => {
    const members = cluster.records.map((r) => resolution.records[r] as unknown as MergePersonRecord);
    const { unified } = mergeCluster(members, policy);
    return {
      id: cluster.id,
      records: members.map((m) => `${m.source}/${m.recordId}`).sort(),
      name: unified.name ?? null,
      birthDate: unified.birthDate ?? null,
    };
  });
  // Code-unit order, not localeCompare: the bytes must not depend on the machine's locale.
  persons.sort((a, b) => ((a.records[0] as string) < (b.records[0] as string) ? -1 : 1));
  const summary = {
    records: resolution.records.length,
    rejected: resolution.rejections.length,
    persons: persons.length,
    reviewQueue: resolution.review.length,
    clusters: persons,
  };
  // One person per line: readable diffs when the resolver changes.
  const lines = summary.clusters.map((p) => `    ${JSON.stringify(p)}`);
  return `{\n  "records": ${summary.records},\n  "rejected": ${summary.rejected},\n  "persons": ${summary.persons},\n  "reviewQueue": ${summary.reviewQueue},\n  "clusters": [\n${lines.join(',\n')}\n  ]\n}\n`;
}
