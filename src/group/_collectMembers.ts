import { at, atFloat64, atUint8 } from '../_internal/at.js';
import { float64Array, int32Array, uint8Array } from '../_internal/typedArena.js';
import { SIGHTING, type Observations } from './_observeCards.js';
import { REL_HEAD } from './_personIndex.js';

/** Each card's distinct members (flat, by card, ascending cluster) and distinct addresses. */
export interface Members {
  /** Entries of card c are `[start[c], start[c + 1])`. */
  readonly start: Int32Array;
  readonly cluster: Int32Array;
  /** Relationship bits each member was seen with on the card. */
  readonly rel: Uint8Array;
  readonly card: Int32Array;
  /** The first day each person was seen on each card: who moved from which card to which, and when. */
  readonly firstDay: Int32Array;
  readonly count: number;
  readonly cardHead: Int32Array;
  /** Each card's distinct dwelling addresses, flat: those of card c are `address[addressStart[c] .. addressStart[c + 1])`. */
  readonly addressStart: Int32Array;
  readonly address: Int32Array;
}

export function collectMembers(seen: Observations): Members {
  const cardCount = seen.cardKk.length;
  const { sightingStart, sightings } = seen;
  const total = at(sightingStart, cardCount);

  const memberStart = int32Array(cardCount + 1);
  const memberCluster = int32Array(total);
  const memberRel = uint8Array(total);
  const memberCard = int32Array(total);
  const memberFirstDay = int32Array(total);
  const cardHead = int32Array(cardCount).fill(-1);
  const addressStart = int32Array(cardCount + 1);
  const cardAddress = int32Array(total);
  let addressCount = 0;
  let memberCount = 0;
  let widest = 0;
  for (let card = 0; card < cardCount; card++) widest = Math.max(widest, at(sightingStart, card + 1) - at(sightingStart, card));
  const order = float64Array(widest);
  const places = float64Array(widest);
  for (let card = 0; card < cardCount; card++) {
    memberStart[card] = memberCount;
    addressStart[card] = addressCount;
    const from = at(sightingStart, card);
    const width = at(sightingStart, card + 1) - from;
    let placeCount = 0;
    for (let i = 0; i < width; i++) {
      const sighting = (from + i) * SIGHTING;
      // Cluster in the high bits, sighting in the low: one numeric sort groups a card's sightings by person.
      order[i] = at(sightings, sighting) * 4_194_304 + i;
      if (at(sightings, sighting + 2) >= 0) places[placeCount++] = at(sightings, sighting + 2);
    }
    sortPrefix(order, width);
    let headVotes = 0;
    let runVotes = 0;
    for (let k = 0; k < width; k++) {
      const value = atFloat64(order, k);
      const cluster = Math.floor(value / 4_194_304);
      const dayRel = at(sightings, (from + value - cluster * 4_194_304) * SIGHTING + 1);
      const day = dayRel >> 4;
      const rel = dayRel & 15;
      if (memberCount === at(memberStart, card) || memberCluster[memberCount - 1] !== cluster) {
        memberCluster[memberCount] = cluster;
        memberCard[memberCount] = card;
        memberRel[memberCount] = 0;
        memberFirstDay[memberCount] = day;
        memberCount++;
        runVotes = 0;
      }
      memberRel[memberCount - 1] = atUint8(memberRel, memberCount - 1) | rel;
      if (day < at(memberFirstDay, memberCount - 1)) memberFirstDay[memberCount - 1] = day;
      if (rel === REL_HEAD) {
        runVotes++;
        // Most head sightings wins; ties go to the lower cluster index (the earlier person).
        if (runVotes > headVotes) {
          headVotes = runVotes;
          cardHead[card] = cluster;
        }
      }
    }
    sortPrefix(places, placeCount);
    for (let k = 0; k < placeCount; k++) {
      if (k > 0 && places[k] === places[k - 1]) continue;
      cardAddress[addressCount++] = atFloat64(places, k);
    }
  }
  addressStart[cardCount] = addressCount;
  memberStart[cardCount] = memberCount;
  return {
    start: memberStart,
    cluster: memberCluster,
    rel: memberRel,
    card: memberCard,
    firstDay: memberFirstDay,
    count: memberCount,
    cardHead,
    addressStart,
    address: cardAddress,
  };
}

/** Sorts `values[0 .. length)` ascending in place: most cards have a handful of sightings, not worth a typed-array view and a native call. */
function sortPrefix(values: Float64Array, length: number): void {
  if (length > 24) {
    values.subarray(0, length).sort();
    return;
  }
  for (let i = 1; i < length; i++) {
    const value = atFloat64(values, i);
    let j = i - 1;
    while (j >= 0 && atFloat64(values, j) > value) {
      values[j + 1] = atFloat64(values, j);
      j--;
    }
    values[j + 1] = value;
  }
}
