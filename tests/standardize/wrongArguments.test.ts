import { describe, expect, it } from 'vitest';
import { isPlaceholderDate, standardizeAddress, standardizeDate, standardizeName } from '../../src/standardize/index.js';
import { daysInMonth, swapDayMonth } from '../../src/standardize/standardizeDate.js';

const typed = expect.objectContaining({ name: 'PadanError', code: 'invalid-argument' });

describe('standardizers on hostile input', () => {
  it("reads RT/RW through zero-width characters (regression: rt === 'NaN')", () => {
    expect(standardizeAddress('Jl. Mawar RT 07\u200b RW 05').rt).toBe('007');
    expect(standardizeAddress('Jl. Mawar RT 0\u200b7 RW 05').rt).toBe('007');
    expect(standardizeAddress('Jl. Mawar RT 07\u200b RW 05').rw).toBe('005');
  });

  it('throw PadanError on wrong types', () => {
    expect(() => standardizeName(null as never)).toThrow(typed);
    expect(() => standardizeDate(19900512 as never)).toThrow(typed);
    expect(() => standardizeAddress(null as never)).toThrow(typed);
    expect(() => swapDayMonth(null as never)).toThrow(typed);
    expect(() => isPlaceholderDate(null as never)).toThrow(typed);
    expect(() => daysInMonth(2024, 13)).toThrow(typed);
    expect(daysInMonth(2024, 2)).toBe(29);
  });
});
