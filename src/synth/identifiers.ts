/**
 * Unique NIK and KK numbers for the synthetic population. Serials count up per NIK prefix
 * (district · DDMMYY) as Dukcapil's do, so most are 0001–0003. The counters are an open-addressing
 * hash over integer keys in typed arrays: ~8 bytes per distinct prefix, which keeps 10 million persons
 * in bounded memory where a `Map<string, number>` would not.
 */
import { formatKk } from '../id/formatKk.js';
import { formatNik } from '../id/formatNik.js';
import type { Sex } from './types.js';

/** Counts per integer key. Mutable on purpose: it is the generator's only global state. */
export interface SerialCounter {
  keys: Int32Array;
  counts: Uint16Array;
  size: number;
}

/**
 * An empty counter.
 *
 * @example
 * nextSerial(createSerialCounter(), 42) // → 1
 */
export function createSerialCounter(capacity = 1 << 16): SerialCounter {
  let size = 16;
  while (size < capacity) size <<= 1;
  return { keys: new Int32Array(size), counts: new Uint16Array(size), size: 0 };
}

function slotOf(keys: Int32Array, stored: number): number {
  const mask = keys.length - 1;
  let slot = (Math.imul(stored, 0x9e3779b1) >>> 0) & mask;
  while (keys[slot] !== 0 && keys[slot] !== stored) slot = (slot + 1) & mask;
  return slot;
}

function grow(counter: SerialCounter): void {
  const { keys, counts } = counter;
  const nextKeys = new Int32Array(keys.length * 2);
  const nextCounts = new Uint16Array(keys.length * 2);
  for (let i = 0; i < keys.length; i++) {
    const stored = keys[i]!;
    if (stored === 0) continue;
    const slot = slotOf(nextKeys, stored);
    nextKeys[slot] = stored;
    nextCounts[slot] = counts[i]!;
  }
  counter.keys = nextKeys;
  counter.counts = nextCounts;
}

/**
 * Increments and returns the count for a non-negative integer key below 2^31 − 1 (1 on first use).
 *
 * @example
 * const c = createSerialCounter(); nextSerial(c, 7); nextSerial(c, 7) // → 2
 */
export function nextSerial(counter: SerialCounter, key: number): number {
  if ((counter.size + 1) * 2 > counter.keys.length) grow(counter);
  const stored = key + 1;
  const slot = slotOf(counter.keys, stored);
  if (counter.keys[slot] === 0) {
    counter.keys[slot] = stored;
    counter.size++;
  }
  const next = counter.counts[slot]! + 1;
  // Past 9999 a prefix is exhausted; wrapping keeps the NIK well-formed (real registries never get there).
  counter.counts[slot] = next > 9999 ? 1 : next;
  return counter.counts[slot]!;
}

/**
 * A new unique NIK (via src/id's `formatNik`).
 *
 * @example
 * makeSynthNik(createSerialCounter(), 0, '320101', '1990-05-12', 'female') // → '3201015205900001'
 */
export function makeSynthNik(counter: SerialCounter, districtNumber: number, districtCode: string, birthDate: string, sex: Sex): string {
  const day = Number(birthDate.slice(8, 10)) + (sex === 'female' ? 40 : 0);
  const key = ((districtNumber * 72 + day) * 13 + Number(birthDate.slice(5, 7))) * 100 + Number(birthDate.slice(2, 4));
  return formatNik({ districtCode, birthDate, sex, serial: nextSerial(counter, key) });
}

/**
 * A new unique KK number issued in a district on a date (via src/id's `formatKk`).
 *
 * @example
 * makeSynthKk(createSerialCounter(), 0, '320101', '2015-03-15') // → '3201011503150001'
 */
export function makeSynthKk(counter: SerialCounter, districtNumber: number, districtCode: string, issueDate: string): string {
  const key = ((districtNumber * 32 + Number(issueDate.slice(8, 10))) * 13 + Number(issueDate.slice(5, 7))) * 100 + Number(issueDate.slice(2, 4));
  return formatKk({ districtCode, issueDate, serial: nextSerial(counter, key) });
}
