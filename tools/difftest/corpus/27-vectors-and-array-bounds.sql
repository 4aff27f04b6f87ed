-- int2vector and oidvector: pg_index.indkey / pg_proc.proargtypes print space-separated
CREATE TABLE vt (a int, b int, c text, PRIMARY KEY (b, a));
CREATE INDEX vt_c_a ON vt (c, a);
SELECT indkey, indkey::text, indkey[0], indkey[1], pg_typeof(indkey), array_lower(indkey, 1), array_length(indkey, 1) FROM pg_index WHERE indrelid = 'vt'::regclass ORDER BY indkey::text;
SELECT indkey::int2[], pg_typeof(indkey::int2[]), 2 = ANY (indkey), indkey = indkey FROM pg_index WHERE indrelid = 'vt'::regclass ORDER BY indkey::text;
SELECT a.attname FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey) WHERE i.indrelid = 'vt'::regclass AND i.indisprimary ORDER BY a.attname;
SELECT string_to_array(indkey::text, ' ') FROM pg_index WHERE indrelid = 'vt'::regclass AND indisprimary;
SELECT format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = 'pg_index'::regclass AND attname IN ('indkey', 'indclass') ORDER BY attname;
SELECT typname, typelem::regtype, typcategory, typlen, typinput, typoutput, typreceive, typsend FROM pg_type WHERE typname IN ('int2vector', 'oidvector') ORDER BY 1;
SELECT format_type(22, NULL), format_type(30, -1), 'int2vector'::regtype::oid, 'oidvector'::regtype::oid, 22::regtype;
-- literals and casts
SELECT '1 2'::int2vector, '  1   2 '::int2vector, '1 -1'::oidvector, ''::int2vector, pg_typeof(''::int2vector);
SELECT '1 2'::int2vector::int2[], ('1 2'::int2vector)[0], '25 23'::oidvector::oid[];
SELECT '99999'::int2vector;
SELECT '1 x'::int2vector;
SELECT '{1,2}'::int2[]::int2vector;
SELECT '1 2'::int2vector = '1 2', '1 2'::int2vector || 3::int2;
-- a table column of each
CREATE TABLE vcol (x int2vector, y oidvector);
INSERT INTO vcol VALUES ('3 4', '25'), (NULL, '');
SELECT x, x[0], y, pg_typeof(x), pg_typeof(y) FROM vcol ORDER BY x NULLS LAST;
INSERT INTO vcol VALUES ('{3,4}'::int2[], NULL);
-- array_append / array_prepend / array_cat keep the lower bound; append needs one dimension
SELECT array_append('[0:1]={3,4}'::int2[], 5::int2), array_prepend(5::int2, '[0:1]={3,4}'::int2[]), array_cat('[0:1]={3,4}'::int2[], '{5}'::int2[]);
SELECT array_append('[2:3]={1,2}'::int[], 3), array_prepend(0, '[2:3]={1,2}'::int[]), array_append('{}'::int[], 3), array_prepend(3, '{}'::int[]);
SELECT 5::int2 || '[0:1]={3,4}'::int2[], '{5}'::int2[] || '[0:1]={3,4}'::int2[], array_cat('{5}'::int2[], '[0:1]={3,4}'::int2[]);
SELECT array_append('{{1,2}}'::int[], 3);
SELECT array_prepend(3, '{{1,2}}'::int[]);
SELECT array_append('3 4'::int2vector, 5::int2), array_cat('3 4'::int2vector, '{5}'::int2[]);
-- regproc: type I/O functions and built-in functions by name, as pgjdbc's TypeInfoCache compares them
SELECT typname, typinput = 'array_in'::regproc, typinput = 'pg_catalog.array_in'::regproc FROM pg_type WHERE typname IN ('int4', '_int4', 'int2vector') ORDER BY 1;
SELECT 'now'::regproc, '-'::regproc::oid;
-- to_regclass & co.: NULL instead of an error for a missing object
SELECT to_regclass('vt'), to_regclass('public.vt'), to_regclass('nosuch'), to_regclass(NULL), to_regclass('vt')::oid = 'vt'::regclass::oid;
SELECT to_regtype('integer'), to_regtype('int2vector'), to_regtype('nosuch'), to_regproc('now'), to_regproc('substr'), to_regproc('nosuch');
SELECT to_regnamespace('public'), to_regnamespace('nope'), to_regrole('nope');
