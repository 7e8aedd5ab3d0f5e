import { at, itemAt } from '../_internal/at.js';
import { StringInterner } from '../_internal/stringInterner.js';
import { int32Array, uint8Array } from '../_internal/typedArena.js';
import type { FamilyRecord } from '../schema/family.js';
import { createIdentifierTable, findIdentifier, internIdentifier, type IdentifierTable } from './_identifierTable.js';
import { addressId, dayOfIso, REL_HEAD, type PersonIndex } from './_personIndex.js';

/**
 * What the stage reads of each family record, by position among the valid records (read order: one
 * pass where the records sit in memory; sorted canonically they are scattered, and each scattered
 * record costs several cache misses).
 */
export interface FamilyColumns {
  /**
   * KK of each record: its card when person records carry the number (an id of the index's `kks`),
   * else -2 - its id in `kks` (numbers only family records carry, numbered in read order), -1 for a
   * malformed number. Looked up here, where the record is read, rather than later by text.
   */
  readonly kk: Int32Array;
  readonly kks: IdentifierTable;
  /** Observation day of each record. */
  readonly day: Int32Array;
  /** Source of each record: an index into `sources`. */
  readonly source: Int32Array;
  readonly sources: readonly string[];
  /** Dwelling address id of each record (see PersonIndex.addresses), -1 when incomplete or the KK is malformed. */
  readonly address: Int32Array;
  /**
   * The persons each record lists, as clusters: members whose NIK identifies one person, then the head
   * when not among them. Record f's are `member[memberStart[f] .. memberStart[f + 1])`, with their
   * relationship bits (REL_HEAD or 0) in `memberRel`.
   */
  readonly memberStart: Int32Array;
  readonly member: Int32Array;
  readonly memberRel: Uint8Array;
}

export function readFamilyRecords(families: readonly FamilyRecord[], index: PersonIndex): FamilyColumns {
  const m = families.length;
  let capacity = 0;
  for (let f = 0; f < m; f++) capacity += (itemAt(families, f).memberNiks?.length ?? 0) + 1;
  const kks = createIdentifierTable(m);
  const kk = int32Array(m);
  const day = int32Array(m);
  const source = int32Array(m);
  // Sources in order of first appearance; records come in runs of one source, so only a change is looked up.
  const sources = new StringInterner(16);
  const address = int32Array(m).fill(-1);
  const memberStart = int32Array(m + 1);
  const member = int32Array(capacity);
  const memberRel = uint8Array(capacity);
  // A NIK on two persons (reused for a family) identifies neither: its cluster is -1.
  const clusterOfNik = (nik: string): number => {
    const id = findIdentifier(index.niks, nik);
    return id < 0 ? -1 : at(index.clusterOfNik, id);
  };
  let count = 0;
  let lastSource: string | undefined;
  let lastSourceId = -1;
  let lastDate = '';
  let lastDay = 0;
  for (let f = 0; f < m; f++) {
    memberStart[f] = count;
    const family = itemAt(families, f);
    const card = findIdentifier(index.kks, family.kk);
    if (card >= 0) kk[f] = card;
    else {
      const local = internIdentifier(kks, family.kk);
      kk[f] = local < 0 ? -1 : -2 - local;
      // Only unvalidated input can carry a malformed number: such a record joins no family.
      if (local < 0) continue;
    }
    // A source observes on few days: most dates repeat the last.
    if (family.observedAt !== lastDate) {
      lastDate = family.observedAt;
      lastDay = dayOfIso(lastDate);
    }
    day[f] = lastDay;
    if (family.source !== lastSource) {
      lastSource = family.source;
      lastSourceId = sources.intern(lastSource);
    }
    source[f] = lastSourceId;
    address[f] = addressId(index.addresses, family.address);
    const headNik = family.headNik;
    const head = headNik ? clusterOfNik(headNik) : -1;
    const memberNiks = family.memberNiks ?? [];
    for (let k = 0; k < memberNiks.length; k++) {
      const cluster = clusterOfNik(itemAt(memberNiks, k));
      if (cluster < 0) continue;
      member[count] = cluster;
      memberRel[count] = cluster === head ? REL_HEAD : 0;
      count++;
    }
    if (head >= 0 && headNik && !memberNiks.includes(headNik)) {
      member[count] = head;
      memberRel[count] = REL_HEAD;
      count++;
    }
  }
  memberStart[m] = count;
  return { kk, kks, day, source, sources: sources.values, address, memberStart, member, memberRel };
}
