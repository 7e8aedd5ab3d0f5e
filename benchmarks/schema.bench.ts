/**
 * Throughput of `validatePerson` on 100k synthetic person records (all fake: random digits, a small
 * name list). Run: `npx tsx benchmarks/schema.bench.ts`. Prints records/s; asserts nothing.
 */
import { personSchema } from '../src/schema/person.js';
import { validatePerson } from '../src/schema/validate.js';

const COUNT = 100_000;
const NAMES = ['Siti Aminah', 'Budi Santoso', 'Dewi Lestari', 'Agus Salim', 'Rina Wati', 'Muhammad Rizki'];
const SEXES = ['L', 'P', 'M', 'F', '1', '2'];

// A deterministic generator, so runs are comparable.
let seed = 42;
function random(): number {
  seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
  return seed / 2_147_483_648;
}
function digits(length: number): string {
  let text = '';
  for (let i = 0; i < length; i += 1) text += Math.floor(random() * 10);
  return text;
}
function pick<T>(items: readonly T[]): T {
  return items[Math.floor(random() * items.length)] as T;
}

function syntheticPerson(index: number): Record<string, unknown> {
  const nik = digits(16);
  return {
    source: pick(['dtks', 'regsosek', 'p3ke']),
    recordId: `R${index}`,
    observedAt: '2024-03-01',
    channel: { kind: 'registry' },
    // Half the records carry separators, as exports from spreadsheets do.
    nik: index % 2 === 0 ? nik : `${nik.slice(0, 6)}.${nik.slice(6, 12)}.${nik.slice(12)}`,
    kk: digits(16),
    name: ` ${pick(NAMES)} `,
    sex: pick(SEXES),
    birthDate: `19${digits(2)}-0${1 + Math.floor(random() * 9)}-1${Math.floor(random() * 9)}`,
    birthPlace: 'Bandung',
    relationship: pick(['head', 'spouse', 'child', 'anak']),
    maritalStatus: pick(['single', 'married', 'kawin']),
    address: { provinceCode: '32', regencyCode: '3201', villageCode: '3201012001', rt: 3, rw: '05', text: 'Jl. Contoh No. 1' },
    desil: 3,
  };
}

const records = Array.from({ length: COUNT }, (_, index) => syntheticPerson(index));

function run(label: string, validate: (input: unknown) => { success: boolean }): void {
  // Warm up the JIT on a slice first, then time the whole set.
  for (let i = 0; i < 5_000; i += 1) validate(records[i]);
  let valid = 0;
  const start = performance.now();
  for (const record of records) if (validate(record).success) valid += 1;
  const seconds = (performance.now() - start) / 1000;
  console.log(`${label}: ${COUNT} records in ${seconds.toFixed(2)} s → ${Math.round(COUNT / seconds).toLocaleString('en-US')} records/s (${valid} valid)`);
}

// Interleaved, twice, so neither side benefits from running second on a warmer machine.
for (let round = 0; round < 2; round += 1) {
  run('validatePerson (fast path, zod fallback)', (input) => validatePerson(input));
  run('personSchema.safeParse (zod only)      ', (input) => personSchema.safeParse(input));
}
const withNikCheck = { checkNik: true } as const;
run('validatePerson, checkNik: true          ', (input) => validatePerson(input, withNikCheck));
