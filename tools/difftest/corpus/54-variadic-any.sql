-- VARIADIC "any" functions: concat, concat_ws, num_nulls, num_nonnulls, with and without the VARIADIC keyword
select num_nulls(1, null, 2), num_nonnulls(1, null, 2), num_nulls(null::int), num_nonnulls('a', 'b');
select num_nulls();
select num_nulls(variadic array[1, null, null]), num_nonnulls(variadic array[1, null]), num_nulls(variadic null::int[]);
select concat(variadic array['a', 'b']), concat_ws(',', variadic array['a', null, 'c']);
select pg_typeof(num_nulls(1));
select concat(variadic null::text[]) is null, concat_ws(variadic array[',', 'a', 'b']);
select concat(variadic 'a');
select concat(variadic array[]::text[]), num_nulls(variadic array[]::int[]);
select concat('x', variadic array[1, 2]);
