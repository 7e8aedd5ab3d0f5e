/**
 * The canonical text of a resolution's families and households that the group golden file pins: one
 * family, card, link, event, household or dwelling match per line, persons by their IDs.
 */
import type { Resolution } from '../../src/resolve.js';

/** One family, household, link or event per line; persons by their IDs, so lines read without the resolution. */
export function summarizeGroups(result: Resolution): string {
  const { persons, families, households } = result;
  const person = (cluster: number): string | null => (cluster < 0 ? null : (persons.clusters[cluster]?.id ?? `?${cluster}`));
  const key = (record: { source: string; recordId: string }): string => `${record.source}/${record.recordId}`;
  const familyId = (family: number): string => families.families[family]?.id ?? `?${family}`;
  const kkOf = (card: number): string => families.cards[card]?.kk ?? `?${card}`;
  const lines: string[] = [];
  lines.push(
    `report ${JSON.stringify({ cards: families.report.cards, families: families.report.families, links: families.report.links, recordsWithoutKk: families.report.recordsWithoutKk })}`,
  );
  for (const family of families.families) {
    lines.push(
      `family ${JSON.stringify({
        id: family.id,
        kks: family.kks,
        cards: family.cards.map(kkOf),
        head: person(family.head),
        members: family.members.map(person),
        familyRecords: family.familyRecords.map((f) => key(families.familyRecords[f] as { source: string; recordId: string })),
      })}`,
    );
  }
  for (const card of families.cards)
    lines.push(
      `card ${JSON.stringify({ ...card, head: person(card.head), members: card.members.length, typoOf: card.typoOf < 0 ? null : kkOf(card.typoOf) })}`,
    );
  for (const link of families.links)
    lines.push(`link ${JSON.stringify({ ...link, older: kkOf(link.older), newer: kkOf(link.newer), sharedMembers: link.sharedMembers.map(person) })}`);
  for (const event of families.events) {
    const places = event.kind === 'reissue' ? { family: familyId(event.family) } : { from: familyId(event.from), to: familyId(event.to) };
    lines.push(`event ${JSON.stringify({ ...event, ...places, members: event.members.map(person) })}`);
  }
  // Families and households by index: the family lines above give each index's ID.
  lines.push(`familyOf ${JSON.stringify(Array.from(families.familyOf))}`);
  lines.push(`familyOfRecord ${JSON.stringify(Array.from(families.familyOfRecord))}`);
  lines.push(`householdOf ${JSON.stringify(Array.from(households.householdOf))}`);
  lines.push(
    `households report ${JSON.stringify({ households: households.report.households, dwellingsLinked: households.report.dwellingsLinked, dwellingsUnlinked: households.report.dwellingsUnlinked })}`,
  );
  for (const household of households.households) {
    lines.push(
      `household ${JSON.stringify({
        ...household,
        members: household.members.length,
        head: person(household.head),
        dwellingRecords: household.dwellingRecords.map((d) => key(households.dwellingRecords[d] as { source: string; recordId: string })),
      })}`,
    );
  }
  for (const match of households.dwellingMatches)
    lines.push(
      `dwelling ${JSON.stringify({ ...match, dwelling: key(households.dwellingRecords[match.dwelling] as { source: string; recordId: string }), head: person(match.head) })}`,
    );
  for (const link of households.links) lines.push(`householdLink ${JSON.stringify(link)}`);
  return `${lines.join('\n')}\n`;
}
