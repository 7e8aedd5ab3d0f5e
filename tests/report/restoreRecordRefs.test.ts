import { describe, expect, it } from 'vitest';
import { reportRecordRef } from '../../src/report/buildReportData.js';
import { restoreRecordRefs } from '../../src/report/restoreRecordRefs.js';

describe('restoreRecordRefs', () => {
  const meta = { by: 'ani', at: '2026-12-07', why: 'twins' };
  const records = [
    { source: 'dtks', recordId: '3201014507900001' },
    { source: 'dtks', recordId: 'D-2' },
    { source: 'p3ke', recordId: '3201014507900001' },
  ];

  it('maps a hashed reference back to the record whose ID looks like a NIK, per source', () => {
    const hashed = reportRecordRef('dtks', '3201014507900001');
    const [decision] = restoreRecordRefs(
      [{ kind: 'cannotLink', left: { source: 'dtks', recordId: hashed }, right: { source: 'dtks', recordId: 'D-2' }, ...meta }],
      records,
    );
    expect(decision?.left).toEqual({ source: 'dtks', recordId: '3201014507900001' });
    expect(decision?.right).toEqual({ source: 'dtks', recordId: 'D-2' });
  });

  it('leaves plain IDs and unknown references alone, and restores unmerge lists', () => {
    const unknown = { source: 'dtks', recordId: '#0000000000000000' };
    const [decision] = restoreRecordRefs(
      [{ kind: 'unmerge', entityId: 'P1', records: [unknown], rest: [{ source: 'p3ke', recordId: reportRecordRef('p3ke', '3201014507900001') }], ...meta }],
      records,
    );
    expect(decision?.records).toEqual([unknown]);
    expect(decision?.rest).toEqual([{ source: 'p3ke', recordId: '3201014507900001' }]);
  });
});
