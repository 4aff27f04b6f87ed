-- range types: int4range, int8range, numrange, daterange, tsrange, tstzrange
set time zone 'UTC';
-- text input and output, canonical forms of the discrete types
select '[1,5)'::int4range, '[1,5]'::int4range, '(1,5)'::int4range, '(1,2)'::int4range, '(,5]'::int4range, '[,]'::int4range, ' [ 1 , 5 ) '::int4range, ' EMPTY '::int4range, '[3,3]'::int4range, '[3,3)'::int4range;
select '[1.5,2.50)'::numrange, '(1.5,1.5]'::numrange, '[1.5,1.5]'::numrange, '(,)'::numrange, '[-1e3,NaN)'::numrange;
select '[1,"5")'::int8range, '("1",\5]'::int8range, '[-9223372036854775808,9223372036854775807)'::int8range;
select '[2024-01-01,2024-01-05]'::daterange, '(2024-01-01,2024-01-05]'::daterange, '(-infinity,infinity]'::daterange, '[2024-02-28,)'::daterange;
select '["2024-01-01","2024-02-01")'::tsrange, '[2024-01-01 10:00, 2024-01-01 11:30:00.5]'::tsrange, '(,infinity)'::tsrange;
select '["2024-01-01 00:00+02","2024-02-01")'::tstzrange, tstzrange('2024-01-01', null, '()');
-- malformed literals and bound order
select '[1,5'::int4range;
select 'x'::int4range;
select 'empty x'::int4range;
select '[1,5)x'::int4range;
select '[1 5)'::int4range;
select '[1,5,6)'::int4range;
select '["1,5)'::int4range;
select '[1,5\])'::int4range;
select '["",5)'::int4range;
select '[5,1)'::int4range;
select '[2024-02-01,2024-01-01]'::daterange;
select '(2147483647,)'::int4range;
select '[1,2147483647]'::int4range;
-- constructors
select int4range(1, 5), int4range(1, 5, '[]'), int4range(1, 5, '()'), int4range(null, 5, '(]'), int4range(null, null), numrange(1, 2.5), numrange(1.5, null, '[]'), int8range(10, 20, '(]');
select daterange('2024-01-01', '2024-01-31', '[]'), tsrange('2024-01-01', '2024-01-02 12:00'), daterange(null, '2024-01-01');
select int4range(1, 5, 'ab');
select int4range(1, 5, '[');
select int4range(1, 5, null);
select int4range(5, 1);
select numrange('NaN', 1);
select numrange(1, 'NaN');
select int4range(1.5, 2);
-- functions
select lower(int4range(1, 5)), upper(int4range(1, 5)), lower(numrange(1.50, 2)), upper('(,5)'::int4range), lower('empty'::int4range), pg_typeof(lower(int8range(1, 2))), pg_typeof(upper(daterange(null, null)));
select isempty('empty'::numrange), isempty(numrange(1, 2)), lower_inc('[1,2)'::numrange), upper_inc('[1,2]'::numrange), lower_inf('(,2]'::numrange), upper_inf('(,2]'::numrange), lower_inc('empty'::int4range), lower_inf('empty'::int4range);
select range_merge(int4range(1, 2), int4range(5, 6)), range_merge('empty'::int4range, int4range(5, 6)), range_merge(numrange(1, 3), numrange(2, 4));
select lower(null::int4range), upper_inf(null::daterange);
-- containment, overlap, position and adjacency
select int4range(1, 5) @> 3, int4range(1, 5) @> 5, int4range(1, 5) @> int4range(2, 3), int4range(1, 5) @> '[2,6)', int4range(1, 5) @> 'empty'::int4range, 'empty'::int4range @> int4range(1, 2);
select 3 <@ int4range(1, 5), int4range(2, 3) <@ int4range(1, 5), '[0,1)' <@ int4range(1, 5), 2.5 <@ numrange(1, 3), numrange(1, 5) @> 3.0, int8range(1, 5) @> 3::int8, daterange('2024-01-01', '2024-02-01') @> '2024-01-15'::date;
select tsrange('2024-01-01', '2024-02-01') @> '2024-01-15'::timestamp, tstzrange('2024-01-01', '2024-02-01') @> '2024-01-15 00:00+00'::timestamptz, '(,)'::numrange @> 1e100;
select int4range(1, 5) && int4range(4, 7), int4range(1, 5) && int4range(5, 7), numrange(1, 5, '[]') && numrange(5, 7), 'empty'::int4range && int4range(1, 2);
select int4range(1, 5) << int4range(5, 7), int4range(1, 5) << int4range(4, 7), int4range(5, 7) >> int4range(1, 5), int4range(1, 5) >> int4range(0, 1), 'empty'::int4range << int4range(1, 2);
select int4range(1, 5) &< int4range(1, 7), int4range(1, 8) &< int4range(1, 7), int4range(1, 5) &> int4range(0, 2), int4range(1, 5) &> int4range(2, 3), '(,5)'::int4range &< '(,)'::int4range;
select int4range(1, 3) -|- int4range(3, 4), int4range(1, 3) -|- int4range(4, 5), numrange(1, 2, '[]') -|- numrange(2, 3, '()'), numrange(1, 2, '[]') -|- numrange(2, 3), numrange(1, 2) -|- numrange(2, 3), daterange('2024-01-01', '2024-01-02', '[]') -|- daterange('2024-01-03', null);
-- union, intersection, difference
select int4range(1, 5) + int4range(5, 7), int4range(1, 5) + int4range(3, 9), numrange(1, 2) + numrange(2, 3, '()'), 'empty'::int4range + int4range(1, 2), int4range(1, 3) + '(,2)';
select int4range(1, 5) + int4range(6, 7);
select numrange(1, 2) + numrange(2, 3, '()');
select int4range(1, 5) * int4range(3, 7), int4range(1, 5) * int4range(6, 7), numrange(1, 5, '[]') * numrange(5, 7), '(,)'::int4range * int4range(2, 3);
select int4range(1, 5) - int4range(3, 7), int4range(1, 5) - int4range(0, 3), int4range(1, 5) - int4range(0, 9), int4range(1, 5) - int4range(7, 9), numrange(1, 5, '[]') - numrange(3, 7), numrange(1, 5, '[]') - numrange(0, 3, '[]'), int4range(1, 5) - 'empty'::int4range;
select int4range(1, 9) - int4range(3, 4);
select int4range(1, 5) && numrange(1, 5);
select numrange(1, 5) @> 3;
select 3 <@ int8range(1, 5);
select int4range(1, 5) + 1;
select 1 @> int4range(1, 5);
select int4range(1, 5) @> 'abc';
-- comparison and ordering (range_cmp)
select int4range(1, 5) = '[1,4]', int4range(1, 5) = int4range(1, 6), int4range(1, 5) < int4range(1, 6), int4range(1, 5) < int4range(2, 3), 'empty'::int4range < int4range(1, 2), '(,1)'::int4range < 'empty'::int4range, numrange(1, 5) < numrange(1, 5, '[]'), numrange(1, 5) > numrange(1, 5, '(]'), numrange(1.0, 2) = numrange(1.00, 2.0);
select int4range(1, 5) = numrange(1, 5);
select r from (values ('[1,5)'::int4range), ('empty'), ('(,3)'), ('[1,3)'), ('[1,)'), ('(,)'), ('[0,10)'), (null)) v(r) order by r;
select r from (values ('[1,5)'::numrange), ('(1,5)'), ('[1,5]'), ('(1,5]'), ('empty'), ('[1,)')) v(r) order by r desc;
select distinct r from (values ('[1,5]'::int4range), ('[1,6)'), ('(0,5]'), ('empty'), ('(1,1)'), ('[1.0,2)'::int4range)) v(r) order by r;
select count(distinct r), count(r) from (values ('[1,5]'::int4range), ('[1,6)'), ('[0,9)'), ('empty'), (null)) v(r);
select min(r) from (values ('[1,5]'::int4range)) v(r);
-- casts
select '[1,5)'::text::int4range, int4range(1, 5)::text, int4range(1, 5)::varchar, 'x' || int4range(1, 2), cast('[1,2]' as daterange), int4range('[1,2]');
select 3::int4range;
select int4range(1, 5)::numrange;
select '{"[1,2)",empty,NULL,"(,3]"}'::int4range[], array[int4range(1, 2), numrange(1,2)::text::int4range], (array['[1,5)'::numrange, '(2,3]'])[2];
-- columns, indexes, constraints
create table bookings (id int primary key, during tsrange, days daterange, seats int4range, price numrange);
insert into bookings values (1, '[2024-01-01 10:00, 2024-01-01 12:00)', '[2024-01-01,2024-01-01]', '[1,4]', '[10.5,20)'), (2, '[2024-01-02 09:00, 2024-01-02 10:00]', '[2024-01-02,2024-01-05)', '(0,2)', '(,100]'), (3, 'empty', 'empty', 'empty', 'empty'), (4, null, null, null, null), (5, '(,2024-01-01)', '(,2024-01-01)', '(,0)', '[0,)');
select * from bookings order by id;
select id, seats from bookings order by seats, id;
select id from bookings where seats @> 2 order by id;
select id from bookings where during && '[2024-01-01 11:00, 2024-01-02 09:30)' order by id;
select id, upper(days) - lower(days) as nights, isempty(days) from bookings order by id;
select seats, count(*) from bookings group by seats order by seats;
create index bookings_seats on bookings (seats);
insert into bookings select g + 10, null, daterange('2024-01-01'::date + g, '2024-01-01'::date + g + 3), int4range(g, g + (g % 4) + 1), numrange(g, g + 0.5) from generate_series(1, 200) g;
select id, seats from bookings where seats = '[7,9)' order by id;
select count(*) from bookings where seats < '[5,6)';
select id, seats from bookings where seats >= '[198,)' order by seats, id;
select id from bookings where seats @> 100 order by id;
create unique index bookings_days on bookings (days);
insert into bookings values (300, null, '[2024-01-02,2024-01-04]', null, null);
insert into bookings values (301, null, '[2024-02-02,2024-02-04]', null, null);
select id, days from bookings where days = daterange('2024-02-02', '2024-02-05') order by id;
update bookings set seats = seats + int4range(0, 100) where id = 1;
update bookings set seats = seats * int4range(1, 3) where id = 2 returning seats;
select seats from bookings where id in (1, 2) order by id;
delete from bookings where seats <@ int4range(150, 300);
select count(*) from bookings;
create table spans (k int4range primary key, v int);
insert into spans values ('[1,3)', 1), ('[1,2]', 2);
insert into spans values ('[5,6)', 1) on conflict (k) do update set v = spans.v + excluded.v;
insert into spans values ('[5,6)', 1) on conflict (k) do update set v = spans.v + excluded.v;
select * from spans order by k;
select s.k, t.k from spans s join spans t on s.k && t.k order by 1, 2;
select a.k, b.id from spans a join bookings b on b.seats = a.k order by 1, 2;
select pg_typeof(k), pg_typeof(during), pg_typeof(price) from spans, bookings where bookings.id = 1 and spans.v = 1;
-- catalog
select typname, typtype, typcategory, typlen, typinput, typoutput, typreceive, typsend, typalign, typstorage, typarray from pg_type where oid in (3904, 3906, 3908, 3910, 3912, 3926) order by oid;
select typname, typelem, typcategory from pg_type where oid in (3905, 3907, 3909, 3911, 3913, 3927) order by oid;
select rngtypid::regtype, rngsubtype::regtype, rngcanonical, rngsubdiff from pg_range order by rngtypid;
select format_type(atttypid, atttypmod) from pg_attribute where attrelid = 'bookings'::regclass and attnum > 0 order by attnum;
select 'int4range'::regtype::oid, 'tstzrange'::regtype, '_daterange'::regtype;
-- unknown arguments of the polymorphic range functions
select lower_inc(null);
select isempty('[1,2)');
select range_merge('[1,2)', '[3,4)');
select lower(null), upper('abc');
-- EXPLAIN shows a range constant's parentheses inside its quotes
create table plain_spans (k int4range, n int);
explain (costs off) select * from plain_spans where k = '[1,2)' and n = 1;
explain (costs off) select * from plain_spans where k @> 3;
explain (costs off) select * from plain_spans where range_contains_elem(k, 3) and k -|- '[5,6)' and k * '[1,2)' = 'empty';
create view span_view as select k @> 3 as has3, k + int4range(1, 2) as u, lower(k) as lo, k <@ '(,10)' as small from plain_spans where k && '[0,5)';
insert into plain_spans values ('[1,3)', 1), ('[4,8)', 2), (null, 3);
select * from span_view order by lo;
-- the session's TimeZone and DateStyle apply to the bounds
set time zone 'America/New_York';
select '[2024-01-01 00:00+00,)'::tstzrange, tstzrange('2024-01-01', '2024-02-01');
set datestyle = 'German';
select daterange('2024-01-01','2024-02-01'), '[01.02.2024, 05.02.2024]'::daterange, tsrange('2024-01-01', null);
reset datestyle;
set time zone 'UTC';
-- hash indexes, information_schema, expressions over ranges
create table hashed (r int4range, d daterange);
insert into hashed values ('[1,2)', '[2024-01-01,2024-01-03)'), ('(1,3]', null);
create index hashed_r on hashed using hash (r);
select * from hashed where r = '[2,4)';
select column_name, data_type, udt_name from information_schema.columns where table_name = 'hashed' order by ordinal_position;
select '[1,2)'::int4range::int8range;
select greatest(int4range(1,2), int4range(0,9)), least('empty'::int4range, int4range(0,9)), coalesce(null, int4range(1,2)), case when true then int4range(1,2) else '[3,4)' end;
select int4range(1,2) union select '[1,1]' order by 1;
select x from (values (1, int4range(1,2)), (2, int4range(1,3))) v(x, r) where r in ('[1,2)', '[5,6)') order by x;
select int4range(-2147483648, 5, '()'), int8range(9223372036854775806, null, '()'), daterange('infinity', 'infinity', '[]'), daterange('-infinity', 'infinity'), daterange('2024-01-01', 'infinity', '[]');
select int8range(1, 9223372036854775807, '[]');
select '[a,b)'::numrange;
select numrange(1, 2) @> 1.5::float8;
select array[int4range(1,2)] @> array['[1,2)'::int4range], array[int4range(1,2), 'empty'] = '{"[1,2)",empty}';
-- COPY text and CSV forms through server files
create table range_copy (id int, r int4range, t tstzrange, n numrange, d daterange[]);
insert into range_copy values (1, '[1,5]', '["2024-01-01 00:00:00+00",)', '(1.5,2]', '{"[2024-01-01,2024-01-02)",empty}'), (2, 'empty', null, '(,)', null), (3, null, 'empty', '[3,3]', '{}');
copy range_copy to '/tmp/rustydb-difftest-ranges.txt';
copy range_copy to '/tmp/rustydb-difftest-ranges.csv' with (format csv, header);
create table range_copy2 (like range_copy);
copy range_copy2 from '/tmp/rustydb-difftest-ranges.txt';
copy range_copy2 from '/tmp/rustydb-difftest-ranges.csv' with (format csv, header);
select * from range_copy2 order by id, r;
-- a domain over a range type
create domain pos_range as int4range check (lower(value) > 0);
select '[1,5)'::pos_range @> 3, '[1,5)'::pos_range && int4range(2,3), '[1,5)'::pos_range + '[5,6)', pg_typeof('[1,5)'::pos_range * '[2,3)');
select '[1,5)'::pos_range && numrange(1,2);
select '[0,5)'::pos_range;
create table dom_ranges (r pos_range);
insert into dom_ranges values ('[1,2]'), ('(0,3)');
insert into dom_ranges values ('(,3)');
select r, r @> 2 from dom_ranges order by r;
