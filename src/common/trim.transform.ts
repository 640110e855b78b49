import { Transform } from 'class-transformer';

/** Trims string input before validation; other types pass through to fail validation. */
export const Trim = () =>
  Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value));
