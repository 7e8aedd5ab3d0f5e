/**
 * Records as callers hand them in, before validation: the types `validatePerson`, `resolvePersons`,
 * `resolve`, the store's `add` and `lookup` accept, so an editor completes field names. Each field
 * takes its normalized form or what the validators read as written (`'17 Agt 1985'`, `'P'`, `2`,
 * `'3201 0152 0590 0001'`); fields padan does not know are allowed and kept in `extra`. The
 * functions also accept `unknown` records (parsed JSON, CSV rows): validation happens at run time
 * either way, and a bad field is dropped with a warning, never trusted because of its type.
 */
import type { DwellingRecord, HousingAttributes } from './dwelling.js';
import type { FamilyRecord } from './family.js';
import type { Address, Channel } from './fields.js';
import type { PersonRecord } from './person.js';

/** A field's normalized type, or text, a number or a flag the validator reads. */
export type AsWritten<T> = T | (string & {}) | number | boolean | null;

type Loose<T, Except extends keyof T = never> = { readonly [K in Exclude<keyof T, Except>]?: AsWritten<T[K]> };

/** An address as written: RT/RW as `'RT 07/RW 05'`, `'007/005'` or separate fields, region codes with or without dots. */
export type RecordAddressInput = Loose<Address> & { readonly rtRw?: string | null };

/** The envelope as written: `source` and `recordId` identify the record; `observedAt` any date form. */
export type SourceEnvelopeInput = Loose<Pick<PersonRecord, 'source' | 'recordId' | 'observedAt'>> & {
  readonly channel?: Channel | { readonly kind: (string & {}) | Channel['kind'] };
  /** Caller-defined fields, kept as given. */
  readonly extra?: Readonly<Record<string, unknown>>;
};

/**
 * A person record as a source writes it.
 *
 * @example
 * const person: PersonInput = { source: 'dtks', recordId: 'A1', observedAt: '2024-03-01', channel: { kind: 'registry' },
 *   nik: '3201 0152 0590 0001', name: 'Siti Aminah', sex: 'P', birthDate: '12-05-1990', address: { rt: 'RT 07/RW 05' } };
 */
export type PersonInput = SourceEnvelopeInput &
  Loose<PersonRecord, 'source' | 'recordId' | 'observedAt' | 'channel' | 'extra' | 'address'> & {
    readonly address?: RecordAddressInput | null;
  };

/** A family (KK) record as a source writes it. */
export type FamilyInput = SourceEnvelopeInput &
  Loose<FamilyRecord, 'source' | 'recordId' | 'observedAt' | 'channel' | 'extra' | 'address' | 'memberNiks'> & {
    readonly memberNiks?: readonly (string | number)[] | null;
    readonly address?: RecordAddressInput | null;
  };

/** A dwelling (household) record as a source writes it, with its housing attributes. */
export type DwellingInput = SourceEnvelopeInput &
  Loose<DwellingRecord, 'source' | 'recordId' | 'observedAt' | 'channel' | 'extra' | 'address' | 'kks' | 'housing'> & {
    readonly kks?: readonly (string | number)[] | null;
    readonly address?: RecordAddressInput | null;
    readonly housing?: Loose<HousingAttributes> | null;
  };

/** The input type of each record kind, for `validateBatch`. */
export interface RecordInputs {
  readonly person: PersonInput;
  readonly family: FamilyInput;
  readonly dwelling: DwellingInput;
}
