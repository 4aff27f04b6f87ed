/**
 * The DateStyle and IntervalStyle settings (PostgreSQL's check_datestyle in variable.c and the
 * IntervalStyle enum in guc.c): how dates, timestamps and intervals print, and which field of an
 * ambiguous date (`01/02/03`) comes first on input.
 *
 * - DateStyle is an output style (ISO, SQL, Postgres, German) and a field order (DMY, MDY, YMD;
 *   EURO/EUROPEAN mean DMY, US/NONEURO/NONEUROPEAN mean MDY). Either may be omitted: the value
 *   keeps the other from the current setting; German alone also means DMY; DEFAULT takes what the
 *   setting resets to for the parts not given. SHOW prints the canonical `ISO, MDY`.
 * - IntervalStyle is postgres, postgres_verbose, sql_standard or iso_8601 (any case).
 *
 * A `DateTimeStyle` holds all three, parsed once per settings change; the values are interned,
 * so two equal styles are the same object (plan caches compare them with ===).
 */
import { DbError } from './db-error.js';

export type DateStyle = 'ISO' | 'SQL' | 'Postgres' | 'German';
export type DateOrder = 'YMD' | 'DMY' | 'MDY';
export type IntervalStyle = 'postgres' | 'postgres_verbose' | 'sql_standard' | 'iso_8601';

/** What text output and date input read of DateStyle and IntervalStyle. */
export interface DateTimeStyle {
  readonly dateStyle: DateStyle;
  readonly dateOrder: DateOrder;
  readonly intervalStyle: IntervalStyle;
}

const interned = new Map<string, DateTimeStyle>();

/** The one DateTimeStyle object for these values. */
export function dateTimeStyle(
  dateStyle: DateStyle,
  dateOrder: DateOrder,
  intervalStyle: IntervalStyle,
): DateTimeStyle {
  const key = `${dateStyle}, ${dateOrder}, ${intervalStyle}`;
  let style = interned.get(key);
  if (style === undefined) {
    style = Object.freeze({ dateStyle, dateOrder, intervalStyle });
    interned.set(key, style);
  }
  return style;
}

/** PostgreSQL's defaults: DateStyle `ISO, MDY`, IntervalStyle `postgres`. */
export const DEFAULT_DATE_TIME_STYLE: DateTimeStyle = dateTimeStyle('ISO', 'MDY', 'postgres');

const INTERVAL_STYLES: readonly IntervalStyle[] = [
  'postgres',
  'postgres_verbose',
  'sql_standard',
  'iso_8601',
];

/**
 * The style of the settings' values as SHOW prints them (`checkDateStyle` / `checkIntervalStyle`
 * results). Synchronous; never throws for such values.
 */
export function dateTimeStyleOf(dateStyleSetting: string, intervalStyleSetting: string): DateTimeStyle {
  const [style, order] = dateStyleSetting.split(', ') as [DateStyle, DateOrder];
  return dateTimeStyle(style, order, intervalStyleSetting as IntervalStyle);
}

/**
 * check_datestyle: `value` read over the `current` setting (the parts it omits are kept), with
 * DEFAULT meaning `reset` (the value RESET would restore). Returns the canonical form
 * (`SQL, DMY`). Synchronous.
 * @throws DbError 22023 `invalid value for parameter "DateStyle": "x"` with PostgreSQL's DETAIL
 * (a malformed list, an unknown key word, conflicting specifications).
 */
export function checkDateStyle(value: string, current: string, reset: string): string {
  const invalid = (detail: string) =>
    new DbError('22023', `invalid value for parameter "DateStyle": "${value}"`, { detail });
  const words = splitIdentifierList(value);
  if (words === undefined) throw invalid('List syntax is invalid.');
  let [style, order] = current.split(', ') as [DateStyle, DateOrder];
  let haveStyle = false;
  let haveOrder = false;
  let ok = true;
  const setStyle = (s: DateStyle) => {
    if (haveStyle && style !== s) ok = false;
    style = s;
    haveStyle = true;
  };
  const setOrder = (o: DateOrder) => {
    if (haveOrder && order !== o) ok = false;
    order = o;
    haveOrder = true;
  };
  for (const word of words) {
    const w = word.toLowerCase();
    if (w === 'iso') setStyle('ISO');
    else if (w === 'sql') setStyle('SQL');
    else if (w.startsWith('postgres')) setStyle('Postgres');
    else if (w === 'german') {
      setStyle('German');
      // German also means DMY unless an order was given.
      if (!haveOrder) order = 'DMY';
    } else if (w === 'ymd') setOrder('YMD');
    else if (w === 'dmy' || w.startsWith('euro')) setOrder('DMY');
    else if (w === 'mdy' || w === 'us' || w.startsWith('noneuro')) setOrder('MDY');
    else if (w === 'default') {
      const [resetStyle, resetOrder] = checkDateStyle(reset, reset, reset).split(', ') as [
        DateStyle,
        DateOrder,
      ];
      if (!haveStyle) style = resetStyle;
      if (!haveOrder) order = resetOrder;
    } else throw invalid(`Unrecognized key word: "${word}".`);
  }
  if (!ok) throw invalid('Conflicting "datestyle" specifications.');
  return `${style}, ${order}`;
}

/**
 * IntervalStyle's value, lower-cased. `name` is the parameter's name as the statement spelled
 * it (PostgreSQL's message quotes it so). Synchronous.
 * @throws DbError 22023 with the HINT listing the values.
 */
export function checkIntervalStyle(value: string, name: string): string {
  const v = value.toLowerCase();
  if ((INTERVAL_STYLES as readonly string[]).includes(v)) return v;
  throw new DbError('22023', `invalid value for parameter "${name}": "${value}"`, {
    hint: `Available values: ${INTERVAL_STYLES.join(', ')}.`,
  });
}

const isSpace = (c: string): boolean =>
  c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\f' || c === '\v';

/**
 * SplitIdentifierString with a comma: the items of a list (unquoted ones lower-cased, `"…"`
 * kept as written with `""` for a quote), or undefined when the list syntax is invalid (an
 * empty item, two items without a comma). An empty or blank string is an empty list.
 */
function splitIdentifierList(raw: string): string[] | undefined {
  const items: string[] = [];
  const n = raw.length;
  let i = 0;
  const skipSpaces = () => {
    while (i < n && isSpace(raw[i]!)) i++;
  };
  skipSpaces();
  if (i === n) return items;
  for (;;) {
    let item = '';
    if (raw[i] === '"') {
      for (i++; ; i++) {
        if (i >= n) return undefined;
        if (raw[i] === '"') {
          if (raw[i + 1] !== '"') break;
          i++;
        }
        item += raw[i];
      }
      i++;
      if (item === '') return undefined;
    } else {
      const start = i;
      while (i < n && raw[i] !== ',' && !isSpace(raw[i]!)) i++;
      if (i === start) return undefined;
      item = raw.slice(start, i).toLowerCase();
    }
    items.push(item);
    skipSpaces();
    if (i === n) return items;
    if (raw[i] !== ',') return undefined;
    i++;
    skipSpaces();
  }
}
