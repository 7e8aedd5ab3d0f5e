/**
 * Quality against ground truth: pairwise precision/recall/F1 and B-cubed, overall and per record
 * category. Pairwise counts come from the contingency table of (predicted, true) clusters, so no
 * pair is ever enumerated.
 */

export interface PairwiseQuality {
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
  readonly truePositives: number;
  readonly predictedPairs: number;
  readonly truePairs: number;
}

export interface Quality {
  readonly pairwise: PairwiseQuality;
  readonly bcubed: { readonly precision: number; readonly recall: number; readonly f1: number };
}

const choose2 = (n: number): number => (n * (n - 1)) / 2;
const f1Of = (p: number, r: number): number => (p + r === 0 ? 0 : (2 * p * r) / (p + r));

/**
 * Scores predicted clusters against true ones. `subset`, when given, restricts B-cubed to those
 * records and pairwise counts to pairs with at least one record in it.
 */
export function measureQuality(predicted: ArrayLike<number>, truth: ArrayLike<number>, subset?: (record: number) => boolean): Quality {
  const n = predicted.length;
  const cell = new Map<string, number>();
  const predictedSize = new Map<number, number>();
  const trueSize = new Map<number, number>();
  for (let r = 0; r < n; r++) {
    const p = predicted[r] as number;
    const t = truth[r] as number;
    cell.set(`${p}:${t}`, (cell.get(`${p}:${t}`) ?? 0) + 1);
    predictedSize.set(p, (predictedSize.get(p) ?? 0) + 1);
    trueSize.set(t, (trueSize.get(t) ?? 0) + 1);
  }
  let truePositives = 0;
  let predictedPairs = 0;
  let truePairs = 0;
  if (subset === undefined) {
    for (const count of cell.values()) truePositives += choose2(count);
    for (const size of predictedSize.values()) predictedPairs += choose2(size);
    for (const size of trueSize.values()) truePairs += choose2(size);
  } else {
    // Pairs touching the subset: all pairs minus pairs with both records outside it.
    const outsideCell = new Map<string, number>();
    const outsidePredicted = new Map<number, number>();
    const outsideTrue = new Map<number, number>();
    for (let r = 0; r < n; r++) {
      if (subset(r)) continue;
      const p = predicted[r] as number;
      const t = truth[r] as number;
      outsideCell.set(`${p}:${t}`, (outsideCell.get(`${p}:${t}`) ?? 0) + 1);
      outsidePredicted.set(p, (outsidePredicted.get(p) ?? 0) + 1);
      outsideTrue.set(t, (outsideTrue.get(t) ?? 0) + 1);
    }
    for (const [key, count] of cell) truePositives += choose2(count) - choose2(outsideCell.get(key) ?? 0);
    for (const [key, size] of predictedSize) predictedPairs += choose2(size) - choose2(outsidePredicted.get(key) ?? 0);
    for (const [key, size] of trueSize) truePairs += choose2(size) - choose2(outsideTrue.get(key) ?? 0);
  }
  const precision = predictedPairs === 0 ? 1 : truePositives / predictedPairs;
  const recall = truePairs === 0 ? 1 : truePositives / truePairs;

  let bPrecision = 0;
  let bRecall = 0;
  let counted = 0;
  for (let r = 0; r < n; r++) {
    if (subset !== undefined && !subset(r)) continue;
    const p = predicted[r] as number;
    const t = truth[r] as number;
    const overlap = cell.get(`${p}:${t}`) as number;
    bPrecision += overlap / (predictedSize.get(p) as number);
    bRecall += overlap / (trueSize.get(t) as number);
    counted++;
  }
  bPrecision = counted === 0 ? 1 : bPrecision / counted;
  bRecall = counted === 0 ? 1 : bRecall / counted;
  return {
    pairwise: { precision, recall, f1: f1Of(precision, recall), truePositives, predictedPairs, truePairs },
    bcubed: { precision: bPrecision, recall: bRecall, f1: f1Of(bPrecision, bRecall) },
  };
}
