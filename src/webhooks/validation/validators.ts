import { ValidateBy, ValidationOptions } from 'class-validator';
import { isTypePattern } from '../../catalog/type-pattern';
import { headerProblems } from './header-rules';
import { secretProblem } from './webhook-secret';

export const MAX_EVENT_PATTERNS = 100;

function eventsProblem(value: unknown): string | null {
  if (!Array.isArray(value)) return 'events must be an array of event types or wildcards';
  if (value.length === 0) return 'events must list at least one event type or wildcard';
  if (value.length > MAX_EVENT_PATTERNS) return `events may hold at most ${MAX_EVENT_PATTERNS} entries`;
  const bad = value.filter((entry) => typeof entry !== 'string' || !isTypePattern(entry));
  if (bad.length) {
    return `events must be event types (sync.completed), "*" or prefix wildcards (sync.*); not ${bad.map((entry) => JSON.stringify(entry)).join(', ')}`;
  }
  return null;
}

/** A non-empty list of type patterns (`sync.completed`, `sync.*`, `*`); whether the catalog knows them is checked later. */
export const IsEventPatterns = (options?: ValidationOptions) =>
  ValidateBy(
    {
      name: 'isEventPatterns',
      validator: {
        validate: (v) => !eventsProblem(v),
        defaultMessage: (args) => eventsProblem(args?.value) ?? '',
      },
    },
    options,
  );

/** Custom headers: ≤ 20, token names, no CR/LF, none that Herald sets itself. */
export const IsWebhookHeaders = (options?: ValidationOptions) =>
  ValidateBy(
    {
      name: 'isWebhookHeaders',
      validator: {
        validate: (v) => headerProblems(v).length === 0,
        defaultMessage: (args) => headerProblems(args?.value).join('; '),
      },
    },
    options,
  );

/** `whsec_` + canonical base64 of 24..64 bytes. */
export const IsWebhookSecret = (options?: ValidationOptions) =>
  ValidateBy(
    {
      name: 'isWebhookSecret',
      validator: {
        validate: (v) => !secretProblem(v),
        defaultMessage: (args) => secretProblem(args?.value) ?? '',
      },
    },
    options,
  );

/** A field that must not be sent at all, with a message saying what to do instead. */
export const IsAbsent = (message: string) =>
  ValidateBy({
    name: 'isAbsent',
    validator: { validate: (v) => v === undefined, defaultMessage: () => message },
  });
