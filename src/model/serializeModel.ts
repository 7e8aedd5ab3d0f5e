import { invalidArgument } from '../_internal/arguments.js';
import * as z from 'zod';
import { PadanError } from '../_internal/error.js';
import { modelSpecSchema, type TrainedModel } from './modelSpec.js';
import { withTotalParsing } from '../schema/withTotalParsing.js';

const probability = z.number().min(0).max(1);
// Total (withTotalParsing): parseModel takes an object too, and zod's own checks throw on some
// hostile values (a Symbol length, a conversion that throws or recurses too deep).
const trainedModelSchema = withTotalParsing(
  z
    .object({
      kind: z.literal('padan/model'),
      version: z.literal(1),
      spec: modelSpecSchema,
      parameters: z
        .object({
          candidateMatchProbability: z.number().gt(0).lt(1),
          comparisons: z.array(
            z
              .object({
                name: z.string(),
                levels: z.array(z.object({ label: z.string(), mProbability: probability, uProbability: probability }).strict()),
              })
              .strict(),
          ),
        })
        .strict(),
    })
    .strict(),
);

/**
 * Serializes a trained model to JSON text (spec and parameters; stable key order as built).
 *
 * @example
 * writeFileSync('model.json', serializeModel(resolution.model));
 */
export function serializeModel(model: TrainedModel): string {
  if (typeof model !== 'object' || model === null || (model as { kind?: unknown }).kind !== 'padan/model') {
    throw invalidArgument('serializeModel', 'model', 'a trained model (kind padan/model)', model);
  }
  try {
    return `${JSON.stringify(model, null, 2)}\n`;
  } catch {
    // A bigint, a cycle or absurd nesting put in by hand: not a model resolvePersons made.
    throw new PadanError('invalid-model', 'serializeModel: the model is not plain JSON data');
  }
}

/**
 * Reads a trained model back from JSON text (or an already-parsed value) and checks it: the spec is
 * validated, and the parameters must have one entry per comparison and level of the spec.
 *
 * @example
 * const model = parseModel(readFileSync('model.json', 'utf8'));
 * resolvePersons(records, { model });
 */
export function parseModel(input: string | unknown): TrainedModel {
  let value: unknown = input;
  if (typeof input === 'string') {
    try {
      value = JSON.parse(input);
    } catch (cause) {
      throw new PadanError('invalid-model', `model JSON does not parse: ${(cause as Error).message}`);
    }
  }
  const parsed = trainedModelSchema.safeParse(value);
  if (!parsed.success) {
    throw new PadanError('invalid-model', `invalid model: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(model)'}: ${i.message}`).join('; ')}`);
  }
  const model = parsed.data as TrainedModel;
  const { comparisons } = model.spec;
  const parameters = model.parameters.comparisons;
  if (parameters.length !== comparisons.length) {
    throw new PadanError('invalid-model', `model has parameters for ${parameters.length} comparisons, its spec has ${comparisons.length}`);
  }
  comparisons.forEach((comparison, c) => {
    const trained = parameters[c];
    if (trained?.name !== comparison.name || trained.levels.length !== comparison.levels.length) {
      throw new PadanError('invalid-model', `model parameters do not match comparison "${comparison.name}" of its spec`);
    }
  });
  return model;
}
