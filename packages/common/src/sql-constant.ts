/**
 * A constant as PostgreSQL's ruleutils prints it (get_const_expr), the form pg_get_expr,
 * information_schema's column_default and EXPLAIN show: `'x'::text`, `'-1'::integer`, `1.5`,
 * `'15'::numeric`, `true`, `NULL::integer`. The result is also SQL that reads back as the same
 * constant of the same type.
 */
import { formatText } from './text-io.js';
import type { TimeZone } from './time-zone.js';
import { formatType, type SqlType } from './types.js';
import type { Value } from './value.js';

/** `zone`: the session's TimeZone, for timestamptz values. */
export function sqlConstant(value: Value, type: SqlType, zone?: TimeZone): string {
  const label = `::${formatType(type)}`;
  if (value === null) return `NULL${label}`;
  switch (type.name) {
    case 'bool':
      return value ? 'true' : 'false';
    case 'int4':
      // Bare unless negative: `-1` would read back as an operator applied to a constant.
      return (value as number) < 0 ? `'${value}'${label}` : String(value);
    case 'numeric': {
      // Bare only when it reads back as numeric by itself: a digit first and a point or an
      // exponent (an integral `15` would read back as integer).
      const s = formatText(value, type);
      const looksNumeric = /^[0-9]/.test(s) && /[.eE]/.test(s);
      if (!looksNumeric) return `'${s}'${label}`;
      return type.typmod < 0 ? s : `${s}${label}`;
    }
    default:
      return `'${formatText(value, type, zone).replaceAll("'", "''")}'${label}`;
  }
}
