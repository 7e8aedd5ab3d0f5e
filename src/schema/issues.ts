/**
 * The issue codes of record validation and the translation of zod's issues into padan's `Issue`.
 */
import type * as z from 'zod';
import { redactIdentifiers } from '../_internal/redact.js';
import type { Issue, IssuePath } from '../_internal/result.js';

/** Every code a record validation can report. Errors reject the record; warnings keep it. */
export type SchemaIssueCode =
  // errors: the record does not have the shape its type promises
  | 'schema/not-an-object'
  | 'schema/required'
  | 'schema/invalid-type'
  | 'schema/invalid-nik'
  | 'schema/invalid-kk'
  | 'schema/invalid-date'
  | 'schema/invalid-sex'
  | 'schema/invalid-rt-rw'
  | 'schema/invalid-code'
  | 'schema/invalid-category'
  | 'schema/invalid-number'
  | 'schema/invalid-source'
  | 'schema/invalid-channel'
  | 'schema/unknown-field'
  | 'schema/extra-conflict'
  | 'schema/not-json'
  | 'schema/duplicate-record'
  | 'schema/invalid'
  // warnings: the record is kept; these are data-quality signals
  | 'schema/malformed-id-kept'
  | 'schema/born-after-observation'
  | 'schema/region-mismatch'
  | 'schema/duplicate-member'
  | 'schema/default-used'
  | 'input/encoding'
  | `date/${string}`
  | `nik/${string}`;

/**
 * A validation issue with a schema code. `dropped` marks the warning of a field that was set to missing
 * because its value could not be read (the raw value is in the record's `extra.dropped`).
 */
export type SchemaIssue = Issue<SchemaIssueCode> & { readonly dropped?: true };

function formatPath(path: IssuePath): string {
  let text = '';
  for (const part of path) text += typeof part === 'number' ? `[${part}]` : text === '' ? part : `.${part}`;
  return text === '' ? 'record' : text;
}

/** Builds one issue; the message is prefixed with its path and redacted as a last line of defence. */
export function makeIssue(code: SchemaIssueCode, path: IssuePath, message: string, severity: 'error' | 'warning', recordId?: string): SchemaIssue {
  const issue = { code, path, message: redactIdentifiers(`${formatPath(path)}: ${message}`), severity };
  return recordId === undefined ? issue : { ...issue, recordId };
}

const CHANNEL_SHAPES = 'channel must be { kind: registry | survey }, { kind: formal, verificationLevel } or { kind: citizen, action, status, fields? }';

function toPath(path: readonly PropertyKey[]): (string | number)[] {
  return path.map((part) => (typeof part === 'number' ? part : String(part)));
}

/**
 * Translates zod's issues into padan issues. Custom issues raised by our normalizers carry their code
 * in `params.code`; zod's own messages are replaced because some of them quote the input.
 */
export function fromZodIssues(issues: readonly z.core.$ZodIssue[], recordId?: string): SchemaIssue[] {
  const result: SchemaIssue[] = [];
  for (const issue of issues) {
    const path = toPath(issue.path);
    const last = path[path.length - 1];
    const missing = issue.code === 'invalid_type' && issue.input === undefined;
    if (path[0] === 'channel' && !missing && issue.code !== 'unrecognized_keys' && issue.code !== 'invalid_value') {
      result.push(makeIssue('schema/invalid-channel', path, CHANNEL_SHAPES, 'error', recordId));
      continue;
    }
    switch (issue.code) {
      case 'custom': {
        const code = (issue.params?.['code'] as SchemaIssueCode | undefined) ?? 'schema/invalid';
        result.push(makeIssue(code, path, issue.message, 'error', recordId));
        break;
      }
      case 'invalid_type':
        if (path.length === 0) result.push(makeIssue('schema/not-an-object', path, 'a record must be an object', 'error', recordId));
        else if (missing) result.push(makeIssue('schema/required', path, `${String(last ?? 'value')} is required`, 'error', recordId));
        else result.push(makeIssue('schema/invalid-type', path, `expected ${issue.expected === 'record' ? 'an object' : issue.expected}`, 'error', recordId));
        break;
      case 'unrecognized_keys':
        // Top-level unknown fields are moved into `extra` before zod sees the record; one still here
        // could not be moved (see `keepUnknownFields`). Nested objects are strict.
        for (const key of issue.keys) {
          if (path.length === 0) {
            result.push(
              makeIssue(
                'schema/extra-conflict',
                [key],
                `unknown field ${key} cannot be kept in extra (extra.${key} already holds a different value, extra is not an object, or the name is reserved)`,
                'error',
                recordId,
              ),
            );
          } else {
            result.push(makeIssue('schema/unknown-field', [...path, key], `unknown field ${key}`, 'error', recordId));
          }
        }
        break;
      case 'invalid_value':
        result.push(
          makeIssue(
            path[0] === 'channel' ? 'schema/invalid-channel' : 'schema/invalid-category',
            path,
            `must be one of ${issue.values.map(String).join(', ')}`,
            'error',
            recordId,
          ),
        );
        break;
      default:
        result.push(makeIssue('schema/invalid', path, 'is not valid here', 'error', recordId));
    }
  }
  return result;
}
