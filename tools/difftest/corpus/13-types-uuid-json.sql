-- uuid
SELECT 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::uuid, '{a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11}'::uuid, 'A0EEBC999C0B4EF8BB6D6BB9BD380A11'::uuid;
SELECT 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::uuid = 'A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11'::uuid, 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::uuid;
SELECT 'not-a-uuid'::uuid;
CREATE TABLE u (id uuid PRIMARY KEY, n int);
INSERT INTO u VALUES ('00000000-0000-0000-0000-000000000002', 2), ('00000000-0000-0000-0000-000000000001', 1), ('ffffffff-0000-0000-0000-000000000000', 3);
SELECT * FROM u ORDER BY id;
SELECT n FROM u WHERE id = '00000000-0000-0000-0000-000000000001';
SELECT id::text, length(id::text) FROM u ORDER BY n;
-- json and jsonb input and output
SELECT '{"b": 1, "a": [1, 2, {"c": null}]}'::json, '{"b": 1, "a": [1, 2, {"c": null}]}'::jsonb;
SELECT '{"a": 1, "a": 2}'::jsonb, '{"a": 1, "a": 2}'::json, '  [1,  2 ]'::jsonb, '"str"'::jsonb, 'null'::jsonb, '1.50'::jsonb, '1e3'::jsonb;
SELECT '{bad json}'::jsonb;
-- operators
SELECT '{"a": {"b": [10, 20, 30]}}'::jsonb -> 'a', '{"a": {"b": [10, 20, 30]}}'::jsonb -> 'a' -> 'b' -> 1, '{"a": "x"}'::jsonb ->> 'a', '[1, 2, 3]'::jsonb -> -1;
SELECT '{"a": {"b": [10, 20, 30]}}'::jsonb #> '{a,b,2}', '{"a": {"b": [10, 20, 30]}}'::jsonb #>> '{a,b}', '{"a": 1}'::json -> 'a', '{"a": "t"}'::json ->> 'a';
SELECT '{"a": 1, "b": 2}'::jsonb @> '{"a": 1}', '{"a": 1}'::jsonb <@ '{"a": 1, "b": 2}', '{"a": 1}'::jsonb ? 'a', '{"a": 1}'::jsonb ?| ARRAY['x', 'a'], '{"a": 1}'::jsonb ?& ARRAY['a', 'b'];
SELECT '{"a": 1}'::jsonb || '{"b": 2}', '[1, 2]'::jsonb || '[3]', '{"a": 1, "b": 2}'::jsonb - 'a', '[1, 2, 3]'::jsonb - 0, '{"a": {"b": 1, "c": 2}}'::jsonb #- '{a,b}';
SELECT '{"a": 1}'::jsonb = '{"a": 1.0}'::jsonb, '[1, 2]'::jsonb = '[2, 1]'::jsonb, '{"a": null}'::jsonb -> 'a', '{"a": null}'::jsonb ->> 'a' IS NULL, '{"a": 1}'::jsonb -> 'missing';
-- functions
SELECT jsonb_typeof('{"a": 1}'), jsonb_typeof('[1]'), jsonb_typeof('"s"'), jsonb_typeof('1'), jsonb_typeof('true'), jsonb_typeof('null'), json_typeof('2.5');
SELECT jsonb_array_length('[1, 2, [3, 4]]'), json_array_length('[]'), jsonb_build_object('a', 1, 'b', 'two', 'c', NULL), json_build_object('x', true);
SELECT jsonb_build_array(1, 'a', NULL, 2.5), json_build_array(), to_jsonb('text'::text), to_json(42), to_jsonb(ARRAY[1, 2]), to_jsonb(NULL::int);
SELECT jsonb_set('{"a": {"b": 1}}', '{a,b}', '2'), jsonb_set('{"a": 1}', '{c}', '[3]'), jsonb_set('[1, 2]', '{5}', '9', true), jsonb_pretty('{"a": [1, {"b": 2}]}');
SELECT jsonb_strip_nulls('{"a": 1, "b": null, "c": {"d": null}}'), jsonb_strip_nulls('[1, null]');
SELECT key, value FROM jsonb_each('{"b": 2, "a": [1], "c": null}') ORDER BY key;
SELECT key, value FROM jsonb_each_text('{"b": 2, "a": "x"}') ORDER BY key;
SELECT jsonb_object_keys('{"z": 1, "y": 2, "x": {"w": 3}}');
SELECT value FROM jsonb_array_elements('[1, "two", {"three": 3}, null]');
SELECT jsonb_array_elements_text('["a", 1, null, true]');
SELECT x.value, x.ordinality FROM jsonb_array_elements('[10, 20]') WITH ORDINALITY AS x ORDER BY ordinality;
-- json columns
CREATE TABLE docs (id int, body jsonb);
INSERT INTO docs VALUES (1, '{"name": "ann", "tags": ["x", "y"], "age": 30}'), (2, '{"name": "bob", "tags": [], "age": null}'), (3, '{"name": "cid", "nested": {"k": "v"}}'), (4, NULL);
SELECT id, body ->> 'name', body -> 'tags' -> 0, (body ->> 'age')::int + 1 FROM docs ORDER BY id;
SELECT id FROM docs WHERE body @> '{"tags": ["y"]}';
SELECT id FROM docs WHERE body ? 'nested';
SELECT body -> 'name', count(*) FROM docs GROUP BY body -> 'name';
SELECT jsonb_agg(body -> 'name' ORDER BY id), json_agg(id ORDER BY id DESC), jsonb_object_agg(id, body ->> 'name') FROM docs WHERE body IS NOT NULL;
SELECT id, jsonb_array_length(body -> 'tags') FROM docs WHERE body ? 'tags' ORDER BY id;
SELECT d.id, t.tag FROM docs d, jsonb_array_elements_text(d.body -> 'tags') AS t(tag) ORDER BY d.id, t.tag;
SELECT body FROM docs ORDER BY body NULLS FIRST;
