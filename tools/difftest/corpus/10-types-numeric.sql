-- integer types and their result types
SELECT 1::int2 + 1::int2, 1::int2 + 1, 1 + 1::int8, 2147483647::int8 + 1;
SELECT 1::int2 + 1::int2, 1::int2 * 2, 1::int4 + 1::int8, 1 + 1.5;
SELECT 7 / 2, -7 / 2, 7 % -3, -7 % 3, 7::int8 / 2::int2;
-- integer overflow and division by zero
SELECT 2147483647 + 1;
SELECT 32767::int2 + 1::int2;
SELECT 9223372036854775807 + 1;
SELECT -2147483648 * -1;
SELECT 1 / 0;
SELECT 1 % 0;
SELECT 1.0 / 0;
SELECT abs(-2147483648);
-- numeric arithmetic keeps scale
SELECT 1.10 + 2.205, 1.5 * 1.5, 10.00 / 3, 1 / 3.0, 2.0 ^ 0.5, 1.000 - 1;
SELECT 0.1 + 0.2, 100.0 * 1.1, 1e-5 * 1, 123456789012345678901234567890 + 1;
SELECT round(2.5), round(-2.5), round(2.45, 1), round(1234.5678, -2), trunc(2.789, 2), trunc(-2.789);
SELECT 'NaN'::numeric, 'NaN'::numeric + 1, 'Infinity'::numeric, '-Infinity'::numeric * -1;
SELECT 10.5 % 3, -10.5 % 3, div(10.5, 3), mod(10, 3);
SELECT 1.5::numeric(10, 3), 12345.678::numeric(10, 1), 0.0001::numeric(3, 2), -0.005::numeric(3, 2);
-- numeric columns
CREATE TABLE money (id int, amt numeric(10, 2), rate numeric, small numeric(3, 1));
INSERT INTO money VALUES (1, 10, 0.5, 1.25), (2, 3.333, 1.0000, -99.94), (3, NULL, 1e10, 0);
SELECT * FROM money ORDER BY id;
SELECT sum(amt), avg(amt), sum(rate), avg(small) FROM money;
INSERT INTO money VALUES (4, 123456789.123, 0, 0);
INSERT INTO money VALUES (5, 0, 0, 100);
-- float4 and float8 output
SELECT 1.5::float4, 0.1::float4, 0.1::float8, 1e100::float8, 1.0e-10::float8, 3.0::float8;
SELECT 1::float8 / 3, 2::float4 / 3, 100000000::float4, 1234567890123::float8, 0.000001::float8;
SELECT 'Infinity'::float8, '-Infinity'::float4, 'NaN'::float8, '-0'::float8, 1e308::float8 * 10;
SELECT sqrt(2::float8), pi(), exp(1::float8), ln(10::float8), log(100::float8), 1.0e15::float8, 1.0e16::float8;
SELECT 0.1::float8 + 0.2::float8, 1.1::float4 * 1.1::float4, 3.4e38::float4;
SELECT 1e39::float4;
-- float columns
CREATE TABLE fl (x float4, y float8, z real, d double precision);
INSERT INTO fl VALUES (1.1, 1.1, 2.5, 2.5), (-0.5, 123456.789, 1e-3, 1e-300), (NULL, 'NaN', 'Infinity', 0);
SELECT * FROM fl;
SELECT sum(x), sum(y), avg(z), max(y), min(d) FROM fl;
SELECT y FROM fl ORDER BY y;
-- casts between numeric types
SELECT 1.7::float8::int, 2.5::float8::int, 3.5::float8::int, -1.5::float8::int8, 1e10::float8::int8;
SELECT 1.7::numeric::int, 2.5::numeric::int, -2.5::numeric::int2, 12.345::float8::numeric, 0.1::float4::numeric;
SELECT 1e10::float8::int;
SELECT 100::int8::int2;
-- comparisons across numeric types
SELECT 1 = 1.0, 1::int2 = 1::int8, 0.1::float4 = 0.1::float8, 1.5 > 1, 'NaN'::float8 > 1e308, 'NaN'::numeric = 'NaN'::numeric;
