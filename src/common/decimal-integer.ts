import { Transform } from 'class-transformer';

const PLAIN_DECIMAL = /^(0|-?[1-9]\d{0,15})$/;

/**
 * The integer that `text` writes in plain decimal, or undefined. Plain means
 * what a person types: digits, a minus at most; no `+`, exponent (`1e1`), hex
 * (`0x10`), zeros first (`010`), spaces or fraction, which `Number()` would all
 * accept, each one more spelling of the same value (and, in a query, one more
 * cache entry). Path ids (ParseIdPipe) and query numbers (@ToInteger) both use it.
 */
export function parseDecimalInteger(text: string): number | undefined {
  if (!PLAIN_DECIMAL.test(text)) return undefined;
  const value = Number(text);
  return Number.isSafeInteger(value) ? value : undefined;
}

/**
 * A query value as an integer, when it is one in plain decimal; anything else
 * stays as it came and fails the field's `@IsInt()`, a 400.
 */
export const ToInteger = () =>
  Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' ? (parseDecimalInteger(value) ?? value) : value,
  );
