/**
 * Written variants of common name words, mapped to one canonical token. Looked up on the cleaned token
 * and again after the old-spelling rule (so MOCHAMMAD and its rewritten form MOKHAMMAD both appear).
 *
 * The single letter `M` is deliberately absent: "M. RIZKI" may be Muhammad or any other M name, so it
 * stays an initial — and an initial matches any token that starts with its letter, MUHAMMAD included.
 * NURUL (Nur al-) is kept apart from NUR: they are different names, not spellings of one.
 */
export const NAME_VARIANTS: Readonly<Record<string, readonly string[]>> = {
  MUHAMMAD: [
    'MUHAMMAD',
    'MUHAMAD',
    'MUHAMMED',
    'MUHAMED',
    'MUHAMMAT',
    'MUHAMAT',
    'MUCHAMMAD',
    'MUCHAMAD',
    'MUKHAMMAD',
    'MUKHAMAD',
    'MOHAMMAD',
    'MOHAMAD',
    'MOHAMMED',
    'MOHAMED',
    'MOHAMMAT',
    'MOCHAMMAD',
    'MOCHAMAD',
    'MOKHAMMAD',
    'MOKHAMAD',
    'MOCHAMMED',
    'MOCH',
    'MOKH',
    'MOH',
    'MOHD',
    'MUH',
    'MUCH',
    'MUKH',
    'MHD',
    'MHMD',
    'MD',
    'MUHD',
    'MOEHAMMAD',
    'MOEHAMAD',
    'MAHMMAD',
  ],
  AHMAD: ['AHMAD', 'ACHMAD', 'AKHMAD', 'AHMAT', 'ACHMAT', 'AKHMAT', 'AHMED', 'ACHMED', 'AHMMAD'],
  ABDUL: ['ABDUL', 'ABD', 'ABDOEL', 'ABDHUL', 'ABDOL', 'ABDU'],
  SITI: ['SITI', 'SITTI', 'ST', 'SYITI'],
  NUR: ['NUR', 'NOOR', 'NOER', 'NUUR', 'NOUR', 'NOR'],
};
