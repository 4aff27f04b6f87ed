SET TIME ZONE 'UTC';
-- date_trunc
SELECT date_trunc('year', '2024-05-06 07:08:09'::timestamp), date_trunc('month', '2024-05-06 07:08:09'::timestamp), date_trunc('day', '2024-05-06 07:08:09'::timestamp);
SELECT date_trunc('hour', '2024-05-06 07:08:09.5'::timestamp), date_trunc('minute', '2024-05-06 07:08:09'::timestamp), date_trunc('second', '2024-05-06 07:08:09.75'::timestamp), date_trunc('week', '2024-05-09'::timestamp);
SELECT date_trunc('quarter', '2024-05-06'::timestamp), date_trunc('decade', '2024-05-06'::timestamp), date_trunc('century', '2024-05-06'::timestamp), date_trunc('milliseconds', '2024-05-06 07:08:09.123456'::timestamp);
SELECT date_trunc('day', '2024-05-06 07:08:09+00'::timestamptz), date_trunc('month', '2024-05-06'::date), date_trunc('hour', interval '3 days 04:05:06');
SELECT date_trunc('fortnight', '2024-05-06'::timestamp);
-- extract and date_part
SELECT extract(year FROM '2024-05-06 07:08:09'::timestamp), extract(month FROM '2024-05-06'::date), extract(day FROM '2024-05-06'::date), extract(hour FROM '07:08:09'::time);
SELECT extract(minute FROM '2024-05-06 07:08:09'::timestamp), extract(second FROM '2024-05-06 07:08:09.5'::timestamp), extract(dow FROM '2024-05-06'::date), extract(doy FROM '2024-05-06'::date), extract(isodow FROM '2024-05-05'::date);
SELECT extract(week FROM '2024-01-01'::date), extract(quarter FROM '2024-05-06'::date), extract(epoch FROM '2024-01-01 00:00:00+00'::timestamptz), extract(epoch FROM interval '1 day 1 hour'), extract(isoyear FROM '2021-01-01'::date);
SELECT extract(century FROM '2024-05-06'::date), extract(millennium FROM '2001-01-01'::date), extract(decade FROM '1999-12-31'::date), extract(milliseconds FROM '10:00:01.5'::time), extract(microseconds FROM '10:00:01.5'::time);
SELECT extract(day FROM interval '40 days 3 hours'), extract(hour FROM interval '40 days 3 hours'), extract(month FROM interval '14 months'), extract(year FROM interval '14 months'), extract(timezone FROM '2024-01-01 00:00:00+00'::timestamptz);
SELECT date_part('year', '2024-05-06'::timestamp), date_part('dow', '2024-05-06'::timestamp), date_part('epoch', '2024-05-06 00:00:01'::timestamp), date_part('hour', interval '5 hours'), date_part('year', '2024-05-06'::timestamp), extract(year FROM '2024-05-06'::timestamp);
SELECT extract(foo FROM '2024-05-06'::date);
-- age
SELECT age('2024-05-06'::timestamp, '2020-01-15'::timestamp), age('2024-01-31'::timestamp, '2024-02-29'::timestamp), age('2024-03-01 10:00'::timestamp, '2024-02-28 12:00'::timestamp);
SELECT age('2024-05-06'::date::timestamp, '2024-05-06'::date::timestamp), age('2000-02-29'::timestamp, '2024-02-28'::timestamp);
-- to_char
SELECT to_char('2024-05-06 07:08:09'::timestamp, 'YYYY-MM-DD HH24:MI:SS'), to_char('2024-05-06 17:08:09'::timestamp, 'HH12:MI AM'), to_char('2024-05-06'::timestamp, 'Day, DD Month YYYY');
SELECT to_char('2024-05-06'::timestamp, 'FMDay FMMonth DDth'), to_char('2024-05-06'::timestamp, 'Dy Mon YY Q WW DDD'), to_char('2024-05-06 07:08:09.123'::timestamp, 'MS US'), to_char('2024-05-06'::date, 'YYYY/MM/DD');
SELECT to_char(1234.5, '9999.99'), to_char(1234.5, 'FM9,999.00'), to_char(-5, '999'), to_char(0.5, '0.00'), to_char(42, '00000'), to_char(12, 'FM999th');
SELECT to_char(interval '1 day 02:03:04', 'DD HH24:MI:SS'), to_char('2024-05-06 07:08:09+00'::timestamptz, 'YYYY-MM-DD HH24:MI TZ');
-- to_date and to_timestamp
SELECT to_date('2024-05-06', 'YYYY-MM-DD'), to_date('06/05/2024', 'DD/MM/YYYY'), to_date('May 6, 2024', 'Mon DD, YYYY'), to_date('20240506', 'YYYYMMDD');
SELECT to_timestamp('2024-05-06 07:08:09', 'YYYY-MM-DD HH24:MI:SS'), to_timestamp(0), to_timestamp(1700000000.5), to_timestamp('05 Jun 2024 3PM', 'DD Mon YYYY HH12AM');
SELECT to_date('2024-13-01', 'YYYY-MM-DD');
-- make_* and friends
SELECT make_date(2024, 2, 29), make_time(12, 30, 15.5), make_timestamp(2024, 1, 2, 3, 4, 5.6), make_interval(days => 3, hours => 4), make_interval(1, 2);
SELECT make_date(2023, 2, 29);
-- date arithmetic in queries
CREATE TABLE visits (id int, at timestamp, day date);
INSERT INTO visits VALUES (1, '2024-01-01 09:00', '2024-01-01'), (2, '2024-01-01 17:30', '2024-01-01'), (3, '2024-02-15 12:00', '2024-02-15'), (4, '2023-12-31 23:00', '2023-12-31');
SELECT date_trunc('month', at) AS m, count(*) FROM visits GROUP BY 1 ORDER BY 1;
SELECT extract(year FROM day) AS y, count(*) FROM visits GROUP BY 1 ORDER BY 1;
SELECT id, at - lag(at) OVER (ORDER BY at) FROM visits ORDER BY id;
SELECT id FROM visits WHERE at >= '2024-01-01' AND at < '2024-01-01'::date + 1 ORDER BY id;
SELECT max(at) - min(at), max(day) - min(day) FROM visits;
SELECT id, to_char(at, 'Dy HH24"h"') FROM visits ORDER BY id;
SELECT g, '2024-01-30'::date + g FROM generate_series(0, 3) g;
-- generate_series over timestamps: the step added to each value in turn, timestamptz in the session's zone
SELECT generate_series('2024-01-01'::timestamp, '2024-01-03', '1 day');
SELECT g, pg_typeof(g) FROM generate_series('2024-01-01'::date, '2024-01-02'::date, '12 hours') g;
SELECT * FROM generate_series('2024-01-31'::timestamp, '2024-05-01', '1 month');
SELECT * FROM generate_series('2024-01-03 10:00'::timestamp, '2024-01-01', '-1 day -1 hour');
SELECT * FROM generate_series('2024-01-01'::timestamp, '2024-01-03', '1 month -30 days');
SELECT * FROM generate_series('2024-01-01'::timestamp, '2024-01-02');
SELECT * FROM generate_series('2024-01-01'::timestamp, NULL, '1 day');
SET TimeZone = 'Europe/Paris';
SELECT * FROM generate_series('2024-03-30 12:00'::timestamptz, '2024-04-01 12:00', '1 day');
SET TIME ZONE 'UTC';
