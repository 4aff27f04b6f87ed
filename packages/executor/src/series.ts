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
      const sign = compareIntervals(step, ZERO_INTERVAL);
      if (sign === 0) throw new DbError('22023', 'step size cannot equal zero');
      const stepZone = type.name === 'timestamptz' ? zone : undefined;
      let cur = start as bigint;
      const end = stop as bigint;
      return {
        next: () => {
          if (sign > 0 ? cur > end : cur < end) return undefined;
          const v = cur;
          cur = timestampAddInterval(cur, step, stepZone);
          return v;
        },
      };
    }
    case 'int8': {
      const step = args.length > 2 ? (args[2] as bigint) : 1n;
      if (step === 0n) throw new DbError('22023', 'step size cannot equal zero');
      let cur = start as bigint;
      const end = stop as bigint;
      return {
        next: () => {
          if (step > 0n ? cur > end : cur < end) return undefined;
          const v = cur;
          cur += step;
          return v;
        },
      };
    }
    case 'numeric': {
      const step = args.length > 2 ? (args[2] as Numeric) : undefined;
      if (step && step.sign() === 0) throw new DbError('22023', 'step size cannot equal zero');
      let cur = start as Numeric;
      const end = stop as Numeric;
      const up = !step || step.sign() > 0;
      return {
        next: () => {
          if (up ? cur.cmp(end) > 0 : cur.cmp(end) < 0) return undefined;
          const v = cur;
          cur = cur.add(step ?? Numeric.ONE);
          return v;
        },
      };
    }
    default: {
      const step = args.length > 2 ? (args[2] as number) : 1;
      if (step === 0) throw new DbError('22023', 'step size cannot equal zero');
      let cur = start as number;
      const end = stop as number;
      return {
        next: () => {
          if (step > 0 ? cur > end : cur < end) return undefined;
          const v = cur;
          cur += step;
          return v;
        },
      };
    }
  }
}
