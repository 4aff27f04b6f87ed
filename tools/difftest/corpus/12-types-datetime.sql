-- the session time zone is fixed so timestamptz output is stable
SET TIME ZONE 'UTC';
SHOW TimeZone;
-- date
SELECT '2024-02-29'::date, 'Jan 5 2023'::date, '2023-1-5'::date, date '1999-12-31' + 1, '2024-03-01'::date - '2024-02-01'::date;
SELECT '2024-01-31'::date + 30, '2024-01-01'::date - 1, '2024-01-01'::date - 1, 'infinity'::date, '-infinity'::date < '1900-01-01'::date;
SELECT '0001-01-01'::date, '4713-01-01 BC'::date, '2000-01-01'::date > '1999-12-31'::date;
SELECT '2023-02-30'::date;
-- time
SELECT '13:45:30'::time, '1:2:3.456'::time, '23:59:59.999999'::time, time '10:00' + interval '90 minutes', '24:00:00'::time;
SELECT '12:00'::time - '10:30'::time, '12:00'::time - '10:30'::time, '10:00'::time < '9:00'::time;
SELECT '25:00:00'::time;
-- timestamp
SELECT '2024-05-06 07:08:09'::timestamp, '2024-05-06T07:08:09.5'::timestamp, timestamp '2000-01-01 00:00:00.123456';
SELECT '2024-01-01 10:00'::timestamp + interval '1 day 2 hours', '2024-03-01'::timestamp - '2024-02-01 12:00'::timestamp;
SELECT '2024-01-31'::timestamp + interval '1 month', '2024-02-29'::timestamp - interval '1 year', '2024-01-01'::date + '03:00'::time;
SELECT 'infinity'::timestamp, '2024-01-01 00:00:00.0000005'::timestamp, '1999-12-31 23:59:59.9999995'::timestamp;
-- timestamptz in UTC and with explicit offsets
SELECT '2024-05-06 07:08:09+02'::timestamptz, '2024-05-06 07:08:09 America/New_York'::timestamptz, '2024-01-01'::timestamptz;
SELECT '2024-06-01 12:00:00+00'::timestamptz AT TIME ZONE 'Europe/Paris', '2024-06-01 12:00:00'::timestamp AT TIME ZONE 'Asia/Tokyo';
SELECT '2024-01-01 00:00:00+05:30'::timestamptz = '2023-12-31 18:30:00+00'::timestamptz;
SET TIME ZONE 'America/Los_Angeles';
SELECT '2024-07-04 12:00:00+00'::timestamptz, '2024-12-25 12:00:00+00'::timestamptz, '2024-03-10 02:30:00'::timestamptz;
SET TIME ZONE '+03:00';
SELECT '2024-01-01 00:00:00+00'::timestamptz;
SET TIME ZONE 'UTC';
-- interval
SELECT interval '1 day', interval '1 year 2 months 3 days 04:05:06', '90 minutes'::interval, '-1 day +02:00'::interval, '1.5 hours'::interval;
SELECT interval '1 day' * 2, interval '1 hour' / 4, interval '1 month' + interval '1 day', -interval '3 days', interval '36 hours' - interval '1 day';
SELECT '1 mon'::interval = '30 days'::interval, '1 day'::interval = '24 hours'::interval, '2 days'::interval > '47 hours'::interval;
SELECT justify_hours(interval '50 hours'), justify_days(interval '45 days'), justify_interval(interval '1 mon -1 hour');
SELECT '1 week'::interval, 'P1Y2M3DT4H5M6S'::interval, '00:00:01.5'::interval, '1 millisecond'::interval;
-- date/time columns
CREATE TABLE events (id int, d date, t time, ts timestamp, tz timestamptz, iv interval);
INSERT INTO events VALUES (1, '2024-01-15', '08:30', '2024-01-15 08:30:00', '2024-01-15 08:30:00+00', '2 hours'), (2, '2023-12-31', '23:59:59', '2023-12-31 23:59:59', '2024-01-01 01:00:00+01', '1 day'), (3, NULL, NULL, NULL, NULL, NULL);
SELECT * FROM events ORDER BY id;
SELECT id, ts + iv, tz - iv, d + t FROM events ORDER BY id;
SELECT min(d), max(ts), max(tz), min(iv), max(iv) FROM events;
SELECT sum(iv), avg(iv) FROM events;
SELECT id FROM events WHERE ts > '2024-01-01' ORDER BY id;
SELECT id FROM events ORDER BY tz DESC NULLS LAST;
-- casts between date/time types
SELECT '2024-05-06 07:08:09'::timestamp::date, '2024-05-06 07:08:09'::timestamp::time, '2024-05-06'::date::timestamp, '2024-05-06 07:08:09+00'::timestamptz::timestamp, '2024-05-06'::date::timestamptz;
SELECT '2024-05-06'::date::text, now()::date IS NOT NULL, '07:08'::time::interval, '2 hours'::interval::time;
