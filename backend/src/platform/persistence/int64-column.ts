import type { ColumnOptions } from 'typeorm';

/** 64-bit integers (positions, epoch milliseconds) in every database, read back as JS numbers. */
export function int64Column(options: ColumnOptions = {}): ColumnOptions {
  return {
    type: 'bigint',
    transformer: { to: (value: number) => value, from: (value: string | number | null) => (value === null ? null : Number(value)) },
    ...options,
  };
}
