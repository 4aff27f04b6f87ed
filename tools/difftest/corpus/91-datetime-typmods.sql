-- The date/time types' modifiers: timestamp(p), timestamptz(p), time(p), interval(p) and interval
-- fields (YEAR … MINUTE TO SECOND) — their atttypmod and format_type, rounding and truncation on
-- input, casts and INSERT, bare numbers read in the range's last field, information_schema.
CREATE TABLE dtt (a interval year, b interval(3), c interval day to second(2), d interval minute to second, e timestamp(0), f timestamptz(3), g time(2), h interval hour to minute, i interval month, j interval day);
SELECT attname, atttypmod, format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = 'dtt'::regclass AND attnum > 0 ORDER BY attnum;
INSERT INTO dtt VALUES ('1 year 3 mons', '1.23456 sec', '1 day 2:03:04.5678', '5:30', '2024-01-01 01:02:03.5', '2024-01-01 01:02:03.4567+00', '01:02:03.456', '1 day 02:03:04', '1 year 2 mons 3 days', '3 days 04:05');
INSERT INTO dtt (d) VALUES ('5:30.25');
SELECT * FROM dtt ORDER BY d;
UPDATE dtt SET e = '2030-06-30 23:59:59.999', g = '23:59:59.9' WHERE a IS NOT NULL;
SELECT e, g FROM dtt WHERE a IS NOT NULL;
SELECT interval '5' hour, interval '5:30' hour to minute, interval '1 2:03:04' day to second, interval '10' minute, interval '1' year, interval '2' month, interval '3' day;
SELECT interval '1.5' hour, interval '1 2:03:04' hour to minute, interval '1-2' year to month, interval '7' second, cast('5' AS interval hour), '5'::interval day, '3 4'::interval day to hour;
SELECT interval '1.23456' second(2), '1 day 02:03:04.56789'::interval(1), interval '1 2' day to hour, interval '-1.5' second(0), interval '2.5' second(0), '-1 day -02:30:00'::interval day to hour;
SELECT '2024-01-01 01:02:03.456789'::timestamp(2), '01:02:03.456'::time(1), '23:59:59.9'::time(0), '2024-12-31 23:59:59.5'::timestamp(0), 'infinity'::timestamp(0);
SELECT '1999-12-31 23:59:59.999+00'::timestamptz(2) = '2000-01-01 00:00:00+00'::timestamptz;
SELECT interval '1 day 2 hours 30 minutes'::interval hour, interval '1 day 2 hours 30 minutes'::interval day, (interval '1 year 5 mons')::interval year;
SELECT '1'::interval(7), '1.1234567'::timestamp(9);
SELECT column_name, data_type, datetime_precision, interval_type, interval_precision FROM information_schema.columns WHERE table_name = 'dtt' ORDER BY ordinal_position;
SELECT timestamp(-1) '2020-01-01';
SELECT interval(-1) '1 sec';
SELECT '1 sec'::timestamptz(-2);
CREATE TABLE dtt_arr (x interval(2)[], y timestamp(1)[]);
INSERT INTO dtt_arr VALUES (ARRAY['1.2345 sec'::interval], ARRAY['2024-01-01 00:00:00.25'::timestamp]);
SELECT x, y, format_type(a.atttypid, a.atttypmod) FROM dtt_arr, pg_attribute a WHERE a.attrelid = 'dtt_arr'::regclass AND a.attname = 'x';
SELECT format_type('timestamp'::regtype, 3), format_type('interval'::regtype, 327679), format_type('interval'::regtype, 470286338);
