import { readFileSync } from 'node:fs';
import { PadanError } from '../_internal/error.js';
import type { ModelSpecInput, TrainedModel } from '../model/modelSpec.js';
import { parseModel } from '../model/serializeModel.js';

/**
 * Reads `--model FILE`: a trained model (`kind: 'padan/model'`, checked) is used as is; anything else
 * is taken as a spec, which resolution validates before reading any record.
 *
 * @example
 * readModel('model.json').kind // 'padan/model' for a saved, trained model
 */
export function readModel(path: string): TrainedModel | ModelSpecInput {
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new PadanError('invalid-model', `cannot read model ${path}: ${(error as Error).message}`);
  }
  return (value as { kind?: unknown } | null)?.kind === 'padan/model' ? parseModel(value) : (value as ModelSpecInput);
}
