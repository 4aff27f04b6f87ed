-- abs
SELECT abs(-5), abs(5), abs(-5.5), abs(-2.5::float8), abs(-3::int2), abs(-9::int8), abs(-3::int2);
-- round / trunc / ceil / floor
SELECT round(4.5), round(5.5), round(-4.5), round(4.4999), round(3.14159, 3), round(-3.14159, 2), round(1234.5, -1);
SELECT round(2.5::float8), round(3.5::float8), round(-2.5::float8), round(0.5::float4), round(1::float4);
SELECT trunc(4.9), trunc(-4.9), trunc(3.14159, 2), trunc(1234.5, -2), trunc(4.9::float8), trunc(-0.5::float8);
SELECT ceil(4.1), ceil(-4.1), ceiling(4.0), ceil(4.1::float8), floor(4.9), floor(-4.1), floor(-4.1::float8), ceil(1), floor(1.5);
-- mod and division
SELECT mod(10, 3), mod(-10, 3), mod(10, -3), mod(10.5, 3), mod(10::int8, 4::int8), 10 % 4, div(-7, 2);
SELECT mod(1, 0);
-- power and sqrt
SELECT power(2, 10), power(2.0, 0.5), power(2::float8, -1), power(-8, 1.0 / 3), 2 ^ 0.5, power(0, 0), power(10, -2);
SELECT sqrt(16), sqrt(2), sqrt(0), cbrt(8), sqrt(16), sqrt(1e-4::float8);
-- sqrt over numeric keeps PostgreSQL's result scale
SELECT sqrt(2.0), sqrt(16.0), sqrt(1.21);
SELECT sqrt(-1);
SELECT power(0, -1);
SELECT ln(0);
SELECT log(-1);
-- exp / ln / log
SELECT exp(0), ln(1), log(1000), log10(100), exp(1::float8), ln(2.718281828459045::float8);
-- exp / ln / log over numeric
SELECT exp(1.0), ln(2.718281828459045), log(2.0, 8.0), log(2, 8);
-- sign, gcd, lcm, factorial-like and misc
SELECT sign(-3), sign(0), sign(2.5), sign(-0.1::float8), degrees(pi()), radians(180), pi();
-- numeric edge cases
SELECT 0.1 * 3, 1 / 7.0, 2 / 3::numeric, 1e20 / 3, 100 / 3.0 * 3, (1 / 3.0) * 3, round(2 / 3.0, 4);
SELECT 12345678901234567890 * 98765432109876543210, 2 ^ 64, 2.0 ^ 64, (2::numeric) ^ 100, 99::numeric ^ 0.5;
SELECT 10 / 3 * 3, 10 * 3 / 3, 10::float8 / 3 * 3, 1 - 0.9, 1::float8 - 0.9;
-- math over a table
CREATE TABLE nums (x int, y numeric, z float8);
INSERT INTO nums VALUES (1, 1.5, 0.25), (-4, -2.25, -1.5), (9, 0, 100), (NULL, NULL, NULL);
SELECT x, abs(x), x % 3, power(x, 2), sqrt(abs(x)) FROM nums ORDER BY x NULLS LAST;
SELECT y, round(y), round(y, 1), ceil(y), floor(y), trunc(y) FROM nums ORDER BY y NULLS FIRST;
SELECT z, round(z), ceil(z), floor(z), abs(z), sqrt(abs(z)) FROM nums ORDER BY z NULLS FIRST;
