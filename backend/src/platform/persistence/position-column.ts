import type { ColumnOptions } from 'typeorm';

/** Global positions as 64-bit integers in every database, read back as JS numbers. */
export function positionColumn(options: ColumnOptions = {}): ColumnOptions {
  return {
    type: 'bigint',
    transformer: { to: (value: number) => value, from: (value: string | number | null) => (value === null ? null : Number(value)) },
    ...options,
  };
}
