-- array literals and constructors
SELECT ARRAY[1, 2, 3], ARRAY['a', 'b'], '{1,2,3}'::int[], '{"a b", c, NULL}'::text[], ARRAY[]::int[], '{}'::text[];
SELECT ARRAY[1.5, 2], ARRAY[1, NULL], ARRAY[[1, 2], [3, 4]], '{{1,2},{3,4}}'::int[], ARRAY[1::int8];
SELECT ARRAY['with,comma', 'quote"d', '', 'NULL', 'back\slash'];
SELECT ARRAY[true, false], ARRAY['2024-01-01'::date], ARRAY[1.5::float8, 0.1::float8];
-- subscripts and slices
SELECT (ARRAY[10, 20, 30])[1], (ARRAY[10, 20, 30])[3], (ARRAY[10, 20, 30])[4], (ARRAY[10, 20, 30])[0], (ARRAY[10, 20, 30])[2:3], (ARRAY[10, 20, 30])[:2];
SELECT ('{{1,2},{3,4}}'::int[])[2][1], ('{{1,2},{3,4}}'::int[])[3][1], (ARRAY[1, 2, 3])[2:];
-- operators
SELECT ARRAY[1, 2] || ARRAY[3], ARRAY[1, 2] || 3, 0 || ARRAY[1, 2], ARRAY[1, 2] = ARRAY[1, 2], ARRAY[1, 2] < ARRAY[1, 3], ARRAY[1, 2] < ARRAY[1, 2, 0];
SELECT ARRAY[1, 2, 3] @> ARRAY[2], ARRAY[1] <@ ARRAY[1, 2], ARRAY[1, 2] && ARRAY[2, 5], ARRAY[1, 2] && ARRAY[5];
SELECT 2 = ANY (ARRAY[1, 2, 3]), 5 = ANY ('{1,2}'), 5 <> ALL (ARRAY[1, 2]), 1 = ANY (ARRAY[NULL, 1]), 3 = ANY (ARRAY[NULL, 1]), 3 > ALL (ARRAY[]::int[]);
-- functions
SELECT array_length(ARRAY[1, 2, 3], 1), array_length(ARRAY[]::int[], 1), cardinality(ARRAY[[1, 2], [3, 4]]), array_ndims(ARRAY[[1]]), array_dims(ARRAY[[1, 2], [3, 4]]);
SELECT array_upper(ARRAY[1, 2], 1), array_lower(ARRAY[1, 2], 1), array_append(ARRAY[1], 2), array_prepend(0, ARRAY[1]), array_cat(ARRAY[1], ARRAY[2, 3]);
SELECT array_remove(ARRAY[1, 2, 1], 1), array_replace(ARRAY[1, 2, 1], 1, 9), array_position(ARRAY['a', 'b', 'c'], 'b'), array_positions(ARRAY[1, 2, 1], 1);
SELECT array_to_string(ARRAY[1, NULL, 3], ','), array_to_string(ARRAY[1, NULL, 3], ',', '*'), string_to_array('a,b,,c', ','), string_to_array('a b', NULL), string_to_array('x-y', '-', 'y');
SELECT unnest(ARRAY[3, 1, 2]);
SELECT * FROM unnest(ARRAY['x', 'y']) WITH ORDINALITY AS u(val, pos) ORDER BY pos;
-- array columns
CREATE TABLE arr (id int, tags text[], nums int[]);
INSERT INTO arr VALUES (1, '{red,green}', '{1,2,3}'), (2, ARRAY['blue'], ARRAY[4]), (3, '{}', NULL), (4, NULL, '{5,NULL}');
SELECT * FROM arr ORDER BY id;
SELECT id, tags[1], nums[2], array_length(tags, 1) FROM arr ORDER BY id;
SELECT id FROM arr WHERE 'green' = ANY (tags);
SELECT id FROM arr WHERE tags @> '{blue}';
SELECT id, t FROM arr, unnest(tags) AS t ORDER BY id, t;
SELECT array_agg(id ORDER BY id), array_agg(tags[1] ORDER BY id) FROM arr;
SELECT nums FROM arr ORDER BY nums NULLS FIRST;
UPDATE arr SET tags = array_append(tags, 'new') WHERE id = 2 RETURNING tags;
UPDATE arr SET nums = array_prepend(0, nums) WHERE id = 1 RETURNING nums;
-- errors
SELECT ARRAY[1, 2] || ARRAY['a'];
SELECT '{1,2'::int[];
SELECT ARRAY[[1, 2], [3]];
