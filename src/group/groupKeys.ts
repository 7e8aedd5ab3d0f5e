import type { DwellingRecord } from '../schema/dwelling.js';
import type { FamilyRecord } from '../schema/family.js';
import type { Address } from '../schema/fields.js';
import type { PersonRecord } from '../schema/person.js';
import { normalizeStreet } from './_addressKey.js';
import { namesOneDwelling } from './householdRules.js';

// What can tie records into one family or household, as keys: an incremental caller (the entity
// store) re-derives only the records its change reaches through them. Written beside the stages
// that apply them, so a new way of linking is added to both.

/**
 * The name as the head-name lookup of dwellings compares it: upper case, letters only, single spaces.
 *
 * @example
 * headNameKey('Siti  Aminah, S.Pd.') // 'SITI AMINAH S PD'
 */
export function headNameKey(name: string): string {
  return name
    .toUpperCase()
    .replace(/[^A-Z]+/g, ' ')
    .trim();
}

/**
 * The key of a dwelling address (village, RT, RW, street normalized), or undefined when it names no
 * one dwelling (see {@link namesOneDwelling}): two addresses the group stage takes as one have one key.
 *
 * @example
 * dwellingAddressKey({ villageCode: '3201012001', rt: '003', rw: '005', street: 'Jalan Mawar No.12' }) // '3201012001|003|005|JL MAWAR NO 12'
 */
export function dwellingAddressKey(address: Address | null | undefined): string | undefined {
  if (address === null || address === undefined || !namesOneDwelling(address)) return undefined;
  const street = normalizeStreet(address.street);
  return street === '' ? undefined : `${address.villageCode}|${address.rt}|${address.rw}|${street}`;
}

/**
 * The keys that can tie a record to others in the group stage, each prefixed by what it is: `k` a
 * KK number, `a` a dwelling address, `n` a NIK, `v` a village and head-name key. `n` and `v` keys are
 * weak: person records sharing one are tied only through a family or dwelling record that carries it
 * (a family record's member NIK, a dwelling's head NIK or head name), never to each other directly.
 *
 * @example
 * groupKeysOf('family', { kk: '3201010501240007', memberNiks: ['3201014101900001'], … })
 * // ['k3201010501240007', 'n3201014101900001']
 */
export function groupKeysOf(kind: 'person', record: PersonRecord): string[];
export function groupKeysOf(kind: 'family', record: FamilyRecord): string[];
export function groupKeysOf(kind: 'dwelling', record: DwellingRecord): string[];
export function groupKeysOf(kind: 'person' | 'family' | 'dwelling', record: PersonRecord | FamilyRecord | DwellingRecord): string[];
export function groupKeysOf(kind: 'person' | 'family' | 'dwelling', record: PersonRecord | FamilyRecord | DwellingRecord): string[] {
  const keys: string[] = [];
  const add = (prefix: string, value: unknown): void => {
    if (typeof value === 'string' && value !== '') keys.push(prefix + value);
  };
  const address = (record as { address?: Address | null }).address;
  add('a', dwellingAddressKey(address));
  const village = address?.villageCode;
  if (kind === 'person') {
    const person = record as PersonRecord;
    add('k', person.kk);
    add('n', person.nik);
    if (village && person.name) add('v', `${village}|${headNameKey(person.name)}`);
  } else if (kind === 'family') {
    const family = record as FamilyRecord;
    add('k', family.kk);
    add('n', family.headNik);
    for (const nik of family.memberNiks ?? []) add('n', nik);
  } else {
    const dwelling = record as DwellingRecord;
    for (const kk of dwelling.kks ?? []) add('k', kk);
    add('n', dwelling.headNik);
    if (village && dwelling.headName) add('v', `${village}|${headNameKey(dwelling.headName)}`);
  }
  return keys;
}
