import 'reflect-metadata';
import { type ClassConstructor, plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';

/** The environment as the process was given it: values may be blank. */
export type RawEnvironment = Record<string, string | undefined>;

/**
 * The variables that have a value. A blank one (`PORT=` in an `.env` file, or
 * only spaces) means unset, for every variable: it gets the default, never `0`
 * or an empty string. Every namespace reads through this, in validation and in
 * mapping alike, so the two can never disagree about a blank.
 */
export function presentVariables(raw: RawEnvironment): Record<string, string> {
  const present: Record<string, string> = {};
  for (const [name, value] of Object.entries(raw)) {
    if (typeof value === 'string' && value.trim() !== '') present[name] = value;
  }
  return present;
}

/**
 * Validates the variables one namespace reads, declared as a class with
 * class-validator rules (numbers are converted by `@Type(() => Number)`), and
 * returns them typed, blanks removed. Throws a one-line Error naming the first
 * bad variable.
 */
export function validateVariables<T extends object>(
  schema: ClassConstructor<T>,
  raw: RawEnvironment,
): T {
  const variables = plainToInstance(schema, presentVariables(raw), {
    enableImplicitConversion: false,
  });
  const [first] = validateSync(variables, { skipMissingProperties: false });
  if (first) {
    const reason = Object.values(first.constraints ?? {})[0] ?? 'is invalid';
    throw invalid(first.property, reason);
  }
  return variables;
}

/** The error a bad setting stops the process with: one line, naming the variable. */
export function invalid(variable: string, reason: string): Error {
  return new Error(`Invalid environment: ${variable}: ${reason.replace(/\s+/g, ' ')}`);
}
