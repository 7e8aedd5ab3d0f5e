import { invalidArgument } from '../_internal/arguments.js';

/**
 * The envelope every survivorship function relies on, checked up front: a merge of untyped input
 * (records that skipped validation) throws a PadanError naming the record's position, instead of a
 * TypeError from deep inside a rule.
 */
export function checkMergeRecords(records: unknown, fn: string): void {
  if (!Array.isArray(records)) throw invalidArgument(fn, 'records', 'an array of records or a merge state', records);
  for (let i = 0; i < records.length; i++) {
    const record: unknown = records[i];
    if (typeof record !== 'object' || record === null || Array.isArray(record)) throw invalidArgument(fn, `records[${i}]`, 'an object', record);
    const { source, recordId, observedAt, channel } = record as Record<string, unknown>;
    if (typeof source !== 'string') throw invalidArgument(fn, `records[${i}].source`, 'a string', source);
    if (typeof recordId !== 'string') throw invalidArgument(fn, `records[${i}].recordId`, 'a string', recordId);
    if (typeof observedAt !== 'string') throw invalidArgument(fn, `records[${i}].observedAt`, 'a string', observedAt);
    if (typeof channel !== 'object' || channel === null || typeof (channel as { kind?: unknown }).kind !== 'string') {
      throw invalidArgument(fn, `records[${i}].channel`, 'an object with a kind', channel);
    }
  }
}
