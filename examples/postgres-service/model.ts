/**
 * The desk's model and first records: trained here on a seeded synthetic population (no real person
 * is in it); a ministry would load its trained model JSON (`parseModel`) and its own records instead.
 */
import { resolvePersons, type TrainedModel } from 'padan';
import { generateSources, type SynthPersonRecord } from 'padan/synth';

export function deskRecords(persons: number, seed: number): SynthPersonRecord[] {
  const records: SynthPersonRecord[] = [];
  for (const item of generateSources({ persons, seed })) if (item.kind === 'person') records.push(item.record);
  return records;
}

export function deskModel(records: readonly SynthPersonRecord[]): TrainedModel {
  return resolvePersons(records).model;
}
