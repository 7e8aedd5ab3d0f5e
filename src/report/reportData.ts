/**
 * The report's data: plain JSON types, shared by the page's script (which must not import Node code)
 * and by {@link buildReportData}.
 */
import type { IdentifierPart } from './describeIdentifierDifference.js';

/** One comparison level as the model chart draws it. */
export interface ReportLevel {
  readonly label: string;
  readonly mProbability: number;
  readonly uProbability: number;
  /** log2(m / u) in bits; 0 for the null level. */
  readonly weight: number;
  readonly termFrequency: boolean;
}

/** How a pair's two identifiers of one comparison differ (no digit of either). */
export interface ReportIdentifierDifference {
  readonly comparison: string;
  readonly outcome: 'missing' | 'same' | 'different';
  readonly differs: Readonly<Record<IdentifierPart, boolean>>;
  readonly positions: readonly number[];
  readonly summary: string;
}

/** A review pair: report record indexes, score and the level each comparison took. */
export interface ReportPair {
  readonly left: number;
  readonly right: number;
  readonly matchWeight: number;
  readonly matchProbability: number;
  readonly reason: 'uncertain' | 'conflicting-identifiers';
  readonly levels: readonly number[];
  readonly termFrequencyAdjustments: readonly number[];
  readonly identifiers: readonly ReportIdentifierDifference[];
}

/** An edge of a cluster graph: two report record indexes and the pair's weight. */
export interface ReportEdge {
  readonly left: number;
  readonly right: number;
  readonly matchWeight: number;
  /** `link`: built the cluster; `pair`: a candidate pair inside it that was not needed; `refused`: a cannot-link refusal. */
  readonly kind: 'link' | 'pair' | 'refused';
}

/** A cluster of two or more records. */
export interface ReportCluster {
  readonly id: string;
  readonly records: readonly number[];
  readonly edges: readonly ReportEdge[];
}

/** One bin of the match-weight distribution. */
export interface ReportWeightBin {
  /** Lower edge in bits (inclusive). */
  readonly from: number;
  readonly pairs: number;
  /** Σ match probability of the bin's pairs: the matches the model expects there. */
  readonly expectedMatches: number;
  /** Pairs of the bin that are true matches, when labels were given. */
  readonly trueMatches?: number;
}

/** Everything the report page shows, as plain JSON (no function, no typed array). */
export interface ReportData {
  readonly format: 'padan/report-data';
  readonly version: 1;
  readonly title: string;
  readonly summary: {
    readonly recordsIn: number;
    readonly records: number;
    readonly rejected: number;
    readonly clusters: number;
    readonly multiRecordClusters: number;
    readonly candidatePairs: number;
    readonly matchedPairs: number;
    readonly reviewPairs: number;
  };
  readonly model: {
    readonly name: string;
    readonly fingerprint: string;
    readonly priorWeight: number;
    readonly candidateMatchProbability: number;
    readonly matchWeight: number;
    readonly reviewWeight: number;
    readonly comparisons: readonly { readonly name: string; readonly field: string; readonly levels: readonly ReportLevel[] }[];
  };
  /** The training report, or null when the model was given trained. */
  readonly training: Readonly<Record<string, unknown>> | null;
  readonly blocking: {
    readonly reductionRatio: number;
    readonly candidatePairs: number;
    readonly rules: readonly (Readonly<Record<string, unknown>> & {
      readonly rule: string;
      readonly largestBlocks: readonly { readonly key: string; readonly size: number }[];
    })[];
  };
  /** Column names of `records`: `source`, `recordId`, then each compared field. */
  readonly fields: readonly string[];
  /** Display rows (identifiers masked, every text redacted) of the records the page refers to. */
  readonly records: readonly (readonly (string | null)[])[];
  /**
   * Per record, the key decisions use: its `recordId`, or, where the ID itself looks like a NIK/KK
   * (which the page must not show), `#` + a hash of source and ID that the store matches instead.
   */
  readonly recordRefs: readonly string[];
  readonly pairs: readonly ReportPair[];
  readonly clusters: readonly ReportCluster[];
  readonly weights: {
    readonly binWidth: number;
    readonly bins: readonly ReportWeightBin[];
    readonly expectedMatches: number;
    /** True matching pairs among all records (not only candidates), when labels were given. */
    readonly trueMatches?: number;
  };
}
