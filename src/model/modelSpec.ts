import * as z from 'zod';
import { withTotalParsing } from '../schema/withTotalParsing.js';

/** One part of a blocking key: a prepared field, optionally transformed (`year`, `first-token` …). */
export const blockingKeyPartSchema = z
  .object({
    field: z.string().min(1),
    prepare: z.string().min(1),
    transform: z.string().min(1).optional(),
  })
  .strict();

/** A blocking rule: records whose key parts are all present and equal become candidate pairs. */
export const blockingRuleSchema = z
  .object({
    name: z.string().min(1),
    on: z.array(blockingKeyPartSchema).min(1),
    /** Blocks larger than this are not compared all-to-all but within a sliding window. */
    maxBlockSize: z.number().int().min(2).optional(),
    /**
     * The order of a windowed block's records (a sorted neighbourhood): records close in this order
     * are compared. Default: record order, which carries no meaning — give a key whenever blocks can grow.
     */
    sortBy: z.array(blockingKeyPartSchema).min(1).optional(),
  })
  .strict();

/** A comparison: one field, one preparer, and its levels checked in order like if / else if. */
export const comparisonSpecSchema = z
  .object({
    name: z.string().min(1),
    field: z.string().min(1),
    prepare: z.string().min(1),
    levels: z.array(z.looseObject({ kind: z.string() })).min(2),
    description: z.string().optional(),
  })
  .strict();

/** A condition of a cannot-link rule: the pair's level on one comparison is one of these (index or label). */
export const cannotLinkConditionSchema = z
  .object({
    comparison: z.string().min(1),
    levels: z.array(z.union([z.number().int().min(0), z.string().min(1)])).min(1),
  })
  .strict();

/** A cannot-link rule: when every condition holds for a pair, its two records are two people. */
export const cannotLinkRuleSchema = z
  .object({
    name: z.string().min(1),
    when: z.array(cannotLinkConditionSchema).min(1),
    description: z.string().optional(),
  })
  .strict();

/** The JSON specification of a matching model. Trained parameters live apart (see `TrainedModel`). */
export const modelSpecSchema = withTotalParsing(
  z
    .object({
      kind: z.literal('padan/model-spec'),
      version: z.literal(1),
      name: z.string().min(1),
      /** The field that names each record's source, and the one that identifies it within the source. */
      recordKey: z
        .object({ source: z.string().min(1), id: z.string().min(1) })
        .strict()
        .default({ source: 'source', id: 'recordId' }),
      comparisons: z.array(comparisonSpecSchema).min(1),
      blocking: z
        .object({
          rules: z.array(blockingRuleSchema).min(1),
          maxBlockSize: z.number().int().min(2).default(300),
          window: z.number().int().min(1).default(30),
        })
        .strict(),
      training: z
        .object({
          /** Random pairs drawn to estimate u probabilities. */
          uSampleSize: z.number().int().min(1000).default(300_000),
          maxIterations: z.number().int().min(1).default(40),
          tolerance: z.number().positive().default(1e-6),
          /**
           * Seed the estimates from a strong identifier. Pairs at `matchLevels` of `comparison` (the same
           * NIK) start m; pairs at `nonMatchLevels` (two different NIKs, each consistent with its record:
           * family members and namesakes that blocking brought together) give u for the other
           * comparisons — the chance of agreeing among the non-matches blocking produces, which random
           * pairs underestimate badly (family members share KK, address and surname). EM then estimates
           * only the seed comparison's m and u and the match share; with `matchLevels` alone, EM starts
           * from the seeded m and estimates everything.
           */
          seed: z
            .object({
              comparison: z.string(),
              matchLevels: z.array(z.number().int().min(1)).min(1),
              nonMatchLevels: z.array(z.number().int().min(1)).optional(),
            })
            .strict()
            .optional(),
          /** Keep u from random sampling (true) or re-estimate it by EM on candidate pairs (false). */
          fixU: z.boolean().default(false),
          /**
           * What the match share λ is a share of. `all-pairs`: of all record pairs, the pairs blocking left
           * out counted as non-matches; u comes from random pairs and stays fixed (Splink's way), so
           * neither u nor λ is read off the pairs blocking chose, and the prior weight is that of two
           * random records. `candidates`: of the candidate pairs (u re-estimated by EM unless `fixU`, or
           * read off `seed.nonMatchLevels`). Default: `candidates` with `seed.nonMatchLevels`, else `all-pairs`.
           */
          matchShare: z.enum(['candidates', 'all-pairs']).optional(),
          /**
           * Read the seeded m and u of each comparison only off pairs that a blocking rule not on that
           * comparison's field produced (true), or off every seeded pair (false, the old way: u of an
           * exact name came out 0.61 because name rules chose the pairs).
           */
          unbiasedSeed: z.union([z.boolean(), z.array(z.string()).min(1)]).default(false),
          randomSeed: z.number().int().default(42),
        })
        .strict()
        .default({ uSampleSize: 300_000, maxIterations: 40, tolerance: 1e-6, fixU: false, unbiasedSeed: false, randomSeed: 42 }),
      decision: z
        .object({
          /** Pairs with a match weight at or above this are matches. */
          matchWeight: z.number(),
          /** Pairs between this and `matchWeight` go to the review queue. */
          reviewWeight: z.number(),
          /** Largest absolute term-frequency adjustment, in bits. */
          maxTermFrequencyAdjustment: z.number().nonnegative().default(6),
        })
        .strict()
        .refine((d) => d.reviewWeight <= d.matchWeight, { message: 'reviewWeight must not exceed matchWeight' }),
      clustering: z
        .object({
          /**
           * Two records whose values of `field` differ, both from a trusted source, never share a cluster
           * (two different NIKs verified by the civil registry are two people).
           */
          distinct: z.array(z.object({ field: z.string(), prepare: z.string(), trustedSources: z.array(z.string()).min(1) }).strict()).default([]),
          /**
           * Evidence of two people: two records whose pair lands, on every comparison named in `when`, on
           * one of the listed levels (by index or label) never share a cluster, from any source — nor
           * through a chain of other records. Read off the candidate pairs' comparison vectors.
           */
          cannotLink: z.array(cannotLinkRuleSchema).default([]),
        })
        .strict()
        .default({ distinct: [], cannotLink: [] }),
    })
    .strict(),
);

/** A model spec as written by the caller (defaults may be omitted). */
export type ModelSpecInput = z.input<typeof modelSpecSchema>;
/** A validated model spec with defaults filled in. */
export type ModelSpec = z.output<typeof modelSpecSchema>;
export type ComparisonSpec = z.output<typeof comparisonSpecSchema>;
export type BlockingRuleSpec = z.output<typeof blockingRuleSchema>;
export type BlockingKeyPart = z.output<typeof blockingKeyPartSchema>;
export type CannotLinkRuleSpec = z.output<typeof cannotLinkRuleSchema>;

/** Trained m and u probabilities of one level. */
export interface LevelParameters {
  readonly label: string;
  readonly mProbability: number;
  readonly uProbability: number;
}

/** What training returns: per comparison, per level, m and u; and the share of candidate pairs that match. */
export interface ModelParameters {
  /** The probability that a candidate pair (one produced by blocking) is a match. */
  readonly candidateMatchProbability: number;
  readonly comparisons: readonly { readonly name: string; readonly levels: readonly LevelParameters[] }[];
}

/** A spec plus its trained parameters: a plain value that round-trips through JSON. */
export interface TrainedModel {
  readonly kind: 'padan/model';
  readonly version: 1;
  readonly spec: ModelSpec;
  readonly parameters: ModelParameters;
}
