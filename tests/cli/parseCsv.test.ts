import { describe, expect, it } from 'vitest';
import { csvRecord, parseCsvRows } from '../../src/cli/parseCsv.js';

describe('parseCsvRows', () => {
  it('reads quoted cells with commas, doubled quotes and line breaks, keeping each row’s lines', () => {
    const rows = parseCsvRows('\ufeffname,text\r\n"SITI, S.PD","say ""hi""\nthere"\n\nBUDI,x\n');
    expect(rows).toEqual([
      { line: 1, endLine: 1, cells: ['name', 'text'] },
      { line: 2, endLine: 3, cells: ['SITI, S.PD', 'say "hi"\nthere'] },
      { line: 5, endLine: 5, cells: ['BUDI', 'x'] },
    ]);
  });
});

describe('csvRecord', () => {
  it('nests dotted columns, leaves empty cells out and reads channel and booleans', () => {
    const header = ['source', 'channel', 'address.rt', 'address.villageCode', 'deceased', 'nik'];
    expect(csvRecord(header, ['dtks', 'registry', '003', '', 'false', ''])).toEqual({
      source: 'dtks',
      channel: { kind: 'registry' },
      address: { rt: '003' },
      deceased: false,
    });
    expect(csvRecord(['channel.kind', 'channel.status', 'channel.fields'], ['citizen', 'pending', 'name; birthDate'])).toEqual({
      channel: { kind: 'citizen', status: 'pending', fields: ['name', 'birthDate'] },
    });
  });

  it('refuses column names that would reach the prototype', () => {
    expect(() => csvRecord(['__proto__.x'], ['1'])).toThrow(/unusable column/);
  });
});
