import * as z from 'zod';
import { withTotalParsing } from '../schema/withTotalParsing.js';

/** Runtime shape of a merge policy; the compile-time shape is `MergePolicy` in types.ts. */
const sourcePriorityRuleSchema = z.strictObject({
  kind: z.literal('source-priority'),
  sources: z
    .array(z.string().min(1))
    .min(1, 'source-priority needs at least one source')
    .refine((sources) => new Set(sources).size === sources.length, 'a source is listed twice'),
});

const ruleSchema = z.discriminatedUnion('kind', [
  sourcePriorityRuleSchema,
  z.strictObject({ kind: z.literal('most-recent') }),
  z.strictObject({ kind: z.literal('most-frequent') }),
  z.strictObject({ kind: z.literal('most-complete'), placeholderFlag: z.string().min(1).optional() }),
  z.strictObject({ kind: z.literal('most-verified') }),
  z.strictObject({
    kind: z.literal('custom'),
    name: z.string().min(1),
    version: z.string().min(1),
    select: z.custom<(...args: never[]) => unknown>((value) => typeof value === 'function', 'select must be a function'),
  }),
]);

// Total (withTotalParsing): zod's own length checks throw on a `{ length: Symbol() }` or a value
// whose conversion throws or recurses too deep; compilePolicy reports those as invalid-policy.
export const fieldRulesSchema = withTotalParsing(
  z.strictObject({
    rules: z.array(ruleSchema).min(1, 'a field needs at least one rule'),
    severity: z.enum(['low', 'medium', 'high']).optional(),
    normalize: z.enum(['exact', 'text', 'digits', 'set', 'date']).optional(),
  }),
);

export const followFieldSchema = withTotalParsing(z.strictObject({ follow: z.string().min(1) }));

export const policySchema = withTotalParsing(
  z.strictObject({
    name: z.string().min(1),
    version: z.string().min(1),
    // Each field is checked separately (compilePolicy) against the one shape it claims, because a union
    // would only say "invalid input" instead of naming the mistake.
    fields: z.record(z.string().min(1), z.looseObject({})),
    extra: fieldRulesSchema.optional(),
  }),
);
