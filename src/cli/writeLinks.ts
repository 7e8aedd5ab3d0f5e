/**
 * links.csv: one row per resolved input record, naming the person, family and household it belongs
 * to, so a ministry system can join the result back into its own tables by (source, recordId). It is
 * a data output: a recordId that is a NIK stays as given (DESIGN.md invariant 6).
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import type { ProgressCallback } from '../_internal/progress.js';
import type { FamilyGrouping } from '../group/groupFamilies.js';
import type { HouseholdGrouping } from '../group/groupHouseholds.js';
import type { PersonResolution } from '../resolve.js';

/** The header of links.csv. */
export const LINKS_COLUMNS = ['source', 'recordId', 'personId', 'familyId', 'householdId', 'recordKind'] as const;

/**
 * A CSV field (RFC 4180): quoted when it holds a comma, quote or line break, otherwise as is. Never
 * altered (no spreadsheet-formula guard): the file is for joining by exact key in a database.
 */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

function idAt(ids: readonly { readonly id: string }[] | undefined, index: number | undefined): string {
  return index === undefined || index < 0 ? '' : (ids?.[index]?.id ?? '');
}

/** The header line of links.csv. */
export function linksHeader(): string {
  return `${LINKS_COLUMNS.join(',')}\n`;
}

/** Options of {@link writeLinks}. */
export interface WriteLinksOptions {
  /** Write the header line (default true); a partition's piece of a partitioned run has none. */
  readonly header?: boolean;
  /** Hears of rows written. */
  readonly onProgress?: ProgressCallback;
}

/**
 * Writes links.csv: person records first (in the resolution's canonical order), then family and
 * dwelling records; returns the number of rows. Rejected records are not in it (rejections.ndjson).
 */
export function writeLinks(
  path: string,
  resolution: PersonResolution,
  groups?: { readonly families: FamilyGrouping; readonly households: HouseholdGrouping },
  options?: WriteLinksOptions,
): number {
  const fd = openSync(path, 'w');
  let buffer: string[] = options?.header === false ? [] : [linksHeader()];
  let rows = 0;
  const families = groups?.families;
  const households = groups?.households;
  const onProgress = options?.onProgress;
  const total =
    resolution.records.length + (families !== undefined && households !== undefined ? families.familyRecords.length + households.dwellingRecords.length : 0);
  const row = (source: string, recordId: string, personId: string, familyId: string, householdId: string, kind: string): void => {
    buffer.push(`${csvField(source)},${csvField(recordId)},${personId},${familyId},${householdId},${kind}\n`);
    rows++;
    if (buffer.length >= 4096) {
      writeSync(fd, buffer.join(''));
      buffer = [];
      onProgress?.(rows, total);
    }
  };
  try {
    for (let r = 0; r < resolution.records.length; r++) {
      const record = resolution.records[r] as { readonly source: string; readonly recordId: string };
      row(
        record.source,
        record.recordId,
        idAt(resolution.clusters, resolution.clusterOf[r]),
        idAt(families?.families, families?.familyOf[r]),
        idAt(households?.households, households?.householdOf[r]),
        'person',
      );
    }
    if (families !== undefined && households !== undefined) {
      for (let r = 0; r < families.familyRecords.length; r++) {
        const record = families.familyRecords[r] as { readonly source: string; readonly recordId: string };
        const family = families.familyOfRecord[r];
        row(
          record.source,
          record.recordId,
          '',
          idAt(families.families, family),
          idAt(households.households, family === undefined || family < 0 ? undefined : households.householdOfFamily[family]),
          'family',
        );
      }
      for (let r = 0; r < households.dwellingRecords.length; r++) {
        const record = households.dwellingRecords[r] as { readonly source: string; readonly recordId: string };
        row(record.source, record.recordId, '', '', idAt(households.households, households.householdOfDwelling[r]), 'dwelling');
      }
    }
    writeSync(fd, buffer.join(''));
    onProgress?.(rows, total);
  } finally {
    closeSync(fd);
  }
  return rows;
}
