import { checkOptionBag } from '../_internal/arguments.js';
import { PadanError } from '../_internal/error.js';
import { modelSpecSchema, type TrainedModel } from '../model/modelSpec.js';
import { parseModel } from '../model/serializeModel.js';
import { DTSEN_PERSON_MODEL_OPTIONS, dtsenPersonModelSpec, type DtsenPersonModelOptions } from './dtsenPersonModel.js';
import { DTSEN_PERSON_PRIOR_MODEL, DTSEN_PERSON_PRIOR_TRAINED_ON } from './dtsenPersonPrior.data.js';

let shipped: TrainedModel | undefined;

/** The shipped model as trained (its spec is the preset's default spec at training time). @internal */
export function shippedDtsenPersonPrior(): TrainedModel {
  shipped ??= parseModel(DTSEN_PERSON_PRIOR_MODEL);
  return shipped;
}

/**
 * The pretrained DTSEN person model: the preset trained on a synthetic population of 100,000 persons
 * (`npm run train-prior`). `resolvePersons` starts from it and pulls every estimate towards it, so a
 * small batch or a single lookup scores sensibly without training; it is also a ready model for
 * `createEntityStore`. With options, the spec follows them (trusted sources, thresholds) and the
 * trained weights stay the same.
 *
 * @example
 * const prior = dtsenPersonPrior();
 * prior.parameters.comparisons[0].name // → 'nik'
 */
export function dtsenPersonPrior(options?: DtsenPersonModelOptions): TrainedModel {
  checkOptionBag(options, 'dtsenPersonPrior', DTSEN_PERSON_MODEL_OPTIONS);
  const model = shippedDtsenPersonPrior();
  const spec = modelSpecSchema.parse(dtsenPersonModelSpec(options));
  const same =
    spec.comparisons.length === model.spec.comparisons.length &&
    spec.comparisons.every((c, i) => c.name === model.spec.comparisons[i]?.name && c.levels.length === model.spec.comparisons[i]?.levels.length);
  if (!same) throw new PadanError('internal', 'the shipped DTSEN prior does not fit the preset: run `npm run train-prior`');
  return { kind: 'padan/model', version: 1, spec, parameters: model.parameters };
}

/** What the shipped prior was trained on (generator, persons, seed, records, pairs). */
export const DTSEN_PERSON_PRIOR_PROVENANCE = DTSEN_PERSON_PRIOR_TRAINED_ON;
