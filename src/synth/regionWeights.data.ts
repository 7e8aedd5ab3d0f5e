/**
 * Approximate population per province (millions, rounded from the 2020 census, with the 2022 Papua
 * split apportioned by regency), used as sampling weights so Java is far denser than Papua.
 */
export const PROVINCE_POPULATION: Readonly<Record<string, number>> = {
  '11': 5.27, '12': 14.8, '13': 5.53, '14': 6.39, '15': 3.55, '16': 8.47, '17': 2.01, '18': 9.01,
  '19': 1.46, '21': 2.06, '31': 10.56, '32': 48.27, '33': 36.52, '34': 3.67, '35': 40.67, '36': 11.9,
  '51': 4.32, '52': 5.32, '53': 5.33, '61': 5.41, '62': 2.67, '63': 4.07, '64': 3.77, '65': 0.7,
  '71': 2.62, '72': 2.99, '73': 9.07, '74': 2.62, '75': 1.17, '76': 1.42, '81': 1.85, '82': 1.28,
  '91': 1.1, '92': 0.55, '93': 0.52, '94': 1.4, '95': 1.45, '96': 0.6,
};

/** Extra weight for a city (kota, regency code 71–99) over a rural regency of the same size. */
export const CITY_DENSITY_FACTOR = 2.2;

/**
 * Where migrants come from: Java supplies most inter-province movers (transmigration, work), so a
 * migrant's birth province is drawn from these weights rather than uniformly.
 */
export const MIGRANT_ORIGIN_WEIGHT: Readonly<Record<string, number>> = {
  '33': 30, '35': 28, '32': 15, '34': 4, '12': 6, '13': 6, '73': 5, '36': 2, '31': 2, '52': 2,
};

/** Province → weighted mix of name flavours (see names.data.ts). */
export const PROVINCE_FLAVOURS: Readonly<Record<string, Readonly<Record<string, number>>>> = {
  '11': { islamic: 88, javanese: 8, batak: 4 },
  '12': { batak: 45, islamic: 30, javanese: 17, chinese: 5, minang: 3 },
  '13': { minang: 88, javanese: 6, batak: 4, islamic: 2 },
  '14': { islamic: 38, minang: 22, javanese: 25, batak: 10, chinese: 5 },
  '15': { islamic: 45, javanese: 30, minang: 15, batak: 5, chinese: 5 },
  '16': { islamic: 65, javanese: 28, chinese: 4, sundanese: 3 },
  '17': { islamic: 55, javanese: 25, minang: 10, sundanese: 10 },
  '18': { javanese: 62, islamic: 22, sundanese: 12, balinese: 4 },
  '19': { islamic: 65, chinese: 25, javanese: 10 },
  '21': { islamic: 35, javanese: 25, batak: 15, minang: 12, chinese: 13 },
  '31': { islamic: 30, javanese: 33, sundanese: 15, chinese: 7, batak: 6, minang: 5, christian: 4 },
  '32': { sundanese: 78, islamic: 10, javanese: 10, chinese: 2 },
  '33': { javanese: 90, islamic: 9, chinese: 1 },
  '34': { javanese: 92, islamic: 6, chinese: 2 },
  '35': { javanese: 78, islamic: 20, chinese: 2 },
  '36': { sundanese: 45, islamic: 38, javanese: 14, chinese: 3 },
  '51': { balinese: 86, javanese: 10, islamic: 4 },
  '52': { islamic: 90, balinese: 7, javanese: 3 },
  '53': { christian: 90, islamic: 10 },
  '61': { islamic: 45, christian: 30, chinese: 12, javanese: 13 },
  '62': { islamic: 45, christian: 30, javanese: 25 },
  '63': { islamic: 85, javanese: 15 },
  '64': { islamic: 35, javanese: 35, bugis: 20, christian: 10 },
  '65': { islamic: 30, bugis: 25, christian: 30, javanese: 15 },
  '71': { minahasa: 70, islamic: 22, christian: 8 },
  '72': { bugis: 40, islamic: 35, christian: 15, javanese: 10 },
  '73': { bugis: 88, islamic: 7, christian: 5 },
  '74': { bugis: 55, islamic: 35, javanese: 10 },
  '75': { islamic: 92, bugis: 8 },
  '76': { bugis: 80, islamic: 15, christian: 5 },
  '81': { ambon: 55, islamic: 40, bugis: 5 },
  '82': { islamic: 75, ambon: 15, christian: 10 },
  '91': { papua: 60, javanese: 20, bugis: 10, ambon: 10 },
  '92': { papua: 55, javanese: 20, bugis: 15, ambon: 10 },
  '93': { papua: 55, javanese: 30, bugis: 10, ambon: 5 },
  '94': { papua: 75, javanese: 12, bugis: 13 },
  '95': { papua: 92, javanese: 4, bugis: 4 },
  '96': { papua: 50, ambon: 15, bugis: 15, javanese: 20 },
};
