import type { Issue, IssuePath } from '../_internal/result.js';
import { redactIdentifiers } from '../_internal/redact.js';

/** Context a parser attaches to every issue it reports. @internal */
export interface IssueContext {
  readonly path?: IssuePath;
  readonly recordId?: string;
}

const ROOT: IssuePath = Object.freeze([]) as IssuePath;

/**
 * Builds one issue. Messages are built from masked identifiers already; redacting again is a second
 * line of defence in case a future message interpolates something unmasked. @internal
 */
export function identifierIssue<Code extends string>(
  code: Code,
  message: string,
  context: IssueContext | undefined,
  severity: 'error' | 'warning' = 'error',
): Issue<Code> {
  const issue: { -readonly [K in keyof Issue<Code>]: Issue<Code>[K] } = {
    code,
    path: context?.path ?? ROOT,
    message: redactIdentifiers(message),
    severity,
  };
  if (context?.recordId !== undefined) issue.recordId = context.recordId;
  return issue;
}

/** The shared empty warnings list: successful parses allocate no array. @internal */
export const NO_ISSUES: readonly never[] = Object.freeze([]) as readonly never[];
