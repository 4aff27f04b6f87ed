/**
 * generate_series(start, stop [, step]) over int4, int8 and numeric, and (start, stop, interval)
 * over timestamp and timestamptz, as an iterator: NULL arguments give an empty series, a zero
 * step raises 22023 as in PostgreSQL. A date/time series adds the step to each value in turn
 * (Jan 31 + 1 month is Feb 29, then Mar 29), a timestamptz one in the session's TimeZone.
 */
import {
  compareIntervals,
  DbError,
  type Interval,
  makeInterval,
  Numeric,
  type SqlType,
  type TimeZone,
  timestampAddInterval,
  type Value,
} from '@rustydb/common';

export interface Series {
  /** The next value, or undefined when exhausted. */
  next(): Value | undefined;
}

const EMPTY_SERIES: Series = { next: () => undefined };

const ZERO_INTERVAL = makeInterval(0, 0, 0n);

/** The series for evaluated arguments `args` of type `type`; `zone` is the session's TimeZone. */
export function seriesOf(args: readonly Value[], type: SqlType, zone?: TimeZone): Series {
  if (args.some((a) => a === null)) return EMPTY_SERIES;
  const [start, stop] = args;
  switch (type.name) {
    case 'timestamp':
    case 'timestamptz': {
      const step = args[2] as Interval;
      const stepZone = type.name === 'timestamptz' ? zone : undefined;
      const sign = compareIntervals(step, ZERO_INTERVAL);
      return stepping(
        start as bigint,
        stop as bigint,
        sign,
        (t) => timestampAddInterval(t, step, stepZone),
        cmp,
      );
    }
    case 'int8': {
      const step = args.length > 2 ? (args[2] as bigint) : 1n;
      return stepping(
        start as bigint,
        stop as bigint,
        step > 0n ? 1 : step < 0n ? -1 : 0,
        (x) => x + step,
        cmp,
      );
    }
    case 'numeric': {
      const step = args.length > 2 ? (args[2] as Numeric) : Numeric.ONE;
      return stepping(
        start as Numeric,
        stop as Numeric,
        step.sign(),
        (x) => x.add(step),
        (a, b) => a.cmp(b),
      );
    }
    default: {
      const step = args.length > 2 ? (args[2] as number) : 1;
      return stepping(start as number, stop as number, Math.sign(step), (x) => x + step, cmp);
    }
  }
}

/** Three-way comparison of numbers or bigints. */
const cmp = <T extends number | bigint>(a: T, b: T): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * start, after(start), … while not past `stop` in the step's direction (`sign`: +1 up, -1
 * down). @throws DbError 22023 `step size cannot equal zero` for a zero step (sign 0).
 */
function stepping<T extends Value>(
  start: T,
  stop: T,
  sign: number,
  after: (x: T) => T,
  compare: (a: T, b: T) => number,
): Series {
  if (sign === 0) throw new DbError('22023', 'step size cannot equal zero');
  let cur = start;
  return {
    next: () => {
      if (compare(cur, stop) * sign > 0) return undefined;
      const v = cur;
      cur = after(cur);
      return v;
    },
  };
}
