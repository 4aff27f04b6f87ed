-- pg_operator, pg_cast, pg_language and the text search catalogs as psql's \do, \dC, \dL, \dF,
-- \dFp, \dFd and \dFt read them (the queries psql 15 sends), and plain SQL over the catalogs.
-- PostgreSQL has operators and casts of types RustyDB lacks (point, money, xml, ranges, …): the
-- operator queries keep to the types RustyDB has and leave out the operators it lacks (below).
-- Owners are left out: the bootstrap superuser's name differs (postgres, rustydb).
-- \do: no operators outside pg_catalog.
SELECT n.nspname as "Schema",
  o.oprname AS "Name",
  CASE WHEN o.oprkind='l' THEN NULL ELSE pg_catalog.format_type(o.oprleft, NULL) END AS "Left arg type",
  CASE WHEN o.oprkind='r' THEN NULL ELSE pg_catalog.format_type(o.oprright, NULL) END AS "Right arg type",
  pg_catalog.format_type(o.oprresult, NULL) AS "Result type",
  coalesce(pg_catalog.obj_description(o.oid, 'pg_operator'),
           pg_catalog.obj_description(o.oprcode, 'pg_proc')) AS "Description"
FROM pg_catalog.pg_operator o
     LEFT JOIN pg_catalog.pg_namespace n ON n.oid = o.oprnamespace
WHERE n.nspname <> 'pg_catalog'
      AND n.nspname <> 'information_schema'
  AND pg_catalog.pg_operator_is_visible(o.oid)
ORDER BY 1, 2, 3, 4;
-- \do+ =, \do+ pg_catalog.+ and \do+ for the arithmetic, comparison, JSON, array, bit, network,
-- regular expression and text search operators, over RustyDB's types.
SELECT n.nspname as "Schema",
  o.oprname AS "Name",
  CASE WHEN o.oprkind='l' THEN NULL ELSE pg_catalog.format_type(o.oprleft, NULL) END AS "Left arg type",
  CASE WHEN o.oprkind='r' THEN NULL ELSE pg_catalog.format_type(o.oprright, NULL) END AS "Right arg type",
  pg_catalog.format_type(o.oprresult, NULL) AS "Result type",
  o.oprcode AS "Function",
  coalesce(pg_catalog.obj_description(o.oid, 'pg_operator'),
           pg_catalog.obj_description(o.oprcode, 'pg_proc')) AS "Description"
FROM pg_catalog.pg_operator o
     LEFT JOIN pg_catalog.pg_namespace n ON n.oid = o.oprnamespace
WHERE o.oprname OPERATOR(pg_catalog.~) '^(=)$' COLLATE pg_catalog.default
  AND pg_catalog.pg_operator_is_visible(o.oid)
  AND (o.oprkind = 'l' OR o.oprleft IN (SELECT oid FROM pg_type WHERE typname IN ('int2', 'int4', 'int8', 'float4', 'float8', 'numeric', 'text', 'bool', 'date', 'timestamp', 'timestamptz', 'interval', 'time', 'jsonb', 'json', 'bytea', 'uuid', 'name', 'bpchar', 'varchar', 'char', 'oid', 'inet', 'cidr', 'tsvector', 'tsquery', '_text', 'macaddr', 'tid')))
  AND o.oprright IN (SELECT oid FROM pg_type WHERE typname IN ('int2', 'int4', 'int8', 'float4', 'float8', 'numeric', 'text', 'bool', 'date', 'timestamp', 'timestamptz', 'interval', 'time', 'jsonb', 'json', 'bytea', 'uuid', 'name', 'bpchar', 'varchar', 'char', 'oid', 'inet', 'cidr', 'tsvector', 'tsquery', '_text', 'macaddr', 'tid'))
ORDER BY 1, 2, 3, 4;
SELECT n.nspname as "Schema",
  o.oprname AS "Name",
  CASE WHEN o.oprkind='l' THEN NULL ELSE pg_catalog.format_type(o.oprleft, NULL) END AS "Left arg type",
  CASE WHEN o.oprkind='r' THEN NULL ELSE pg_catalog.format_type(o.oprright, NULL) END AS "Right arg type",
  pg_catalog.format_type(o.oprresult, NULL) AS "Result type",
  o.oprcode AS "Function",
  coalesce(pg_catalog.obj_description(o.oid, 'pg_operator'),
           pg_catalog.obj_description(o.oprcode, 'pg_proc')) AS "Description"
FROM pg_catalog.pg_operator o
     LEFT JOIN pg_catalog.pg_namespace n ON n.oid = o.oprnamespace
WHERE o.oprname OPERATOR(pg_catalog.~) E'^(\\+)$' COLLATE pg_catalog.default
  AND n.nspname OPERATOR(pg_catalog.~) '^(pg_catalog)$' COLLATE pg_catalog.default
  AND (o.oprkind = 'l' OR o.oprleft IN (SELECT oid FROM pg_type WHERE typname IN ('int2', 'int4', 'int8', 'float4', 'float8', 'numeric', 'text', 'bool', 'date', 'timestamp', 'timestamptz', 'interval', 'time', 'jsonb', 'json', 'bytea', 'uuid', 'name', 'bpchar', 'varchar', 'char', 'oid', 'inet', 'cidr', 'tsvector', 'tsquery', '_text', 'macaddr', 'tid')))
  AND o.oprright IN (SELECT oid FROM pg_type WHERE typname IN ('int2', 'int4', 'int8', 'float4', 'float8', 'numeric', 'text', 'bool', 'date', 'timestamp', 'timestamptz', 'interval', 'time', 'jsonb', 'json', 'bytea', 'uuid', 'name', 'bpchar', 'varchar', 'char', 'oid', 'inet', 'cidr', 'tsvector', 'tsquery', '_text', 'macaddr', 'tid'))
ORDER BY 1, 2, 3, 4;
SELECT n.nspname as "Schema",
  o.oprname AS "Name",
  CASE WHEN o.oprkind='l' THEN NULL ELSE pg_catalog.format_type(o.oprleft, NULL) END AS "Left arg type",
  CASE WHEN o.oprkind='r' THEN NULL ELSE pg_catalog.format_type(o.oprright, NULL) END AS "Right arg type",
  pg_catalog.format_type(o.oprresult, NULL) AS "Result type",
  o.oprcode AS "Function",
  coalesce(pg_catalog.obj_description(o.oid, 'pg_operator'),
           pg_catalog.obj_description(o.oprcode, 'pg_proc')) AS "Description"
FROM pg_catalog.pg_operator o
     LEFT JOIN pg_catalog.pg_namespace n ON n.oid = o.oprnamespace
WHERE o.oprname OPERATOR(pg_catalog.~) '^(-)$' COLLATE pg_catalog.default
  AND pg_catalog.pg_operator_is_visible(o.oid)
  AND (o.oprkind = 'l' OR o.oprleft IN (SELECT oid FROM pg_type WHERE typname IN ('int2', 'int4', 'int8', 'float4', 'float8', 'numeric', 'text', 'bool', 'date', 'timestamp', 'timestamptz', 'interval', 'time', 'jsonb', 'json', 'bytea', 'uuid', 'name', 'bpchar', 'varchar', 'char', 'oid', 'inet', 'cidr', 'tsvector', 'tsquery', '_text', 'macaddr', 'tid')))
  AND o.oprright IN (SELECT oid FROM pg_type WHERE typname IN ('int2', 'int4', 'int8', 'float4', 'float8', 'numeric', 'text', 'bool', 'date', 'timestamp', 'timestamptz', 'interval', 'time', 'jsonb', 'json', 'bytea', 'uuid', 'name', 'bpchar', 'varchar', 'char', 'oid', 'inet', 'cidr', 'tsvector', 'tsquery', '_text', 'macaddr', 'tid'))
ORDER BY 1, 2, 3, 4;
SELECT n.nspname as "Schema",
  o.oprname AS "Name",
  CASE WHEN o.oprkind='l' THEN NULL ELSE pg_catalog.format_type(o.oprleft, NULL) END AS "Left arg type",
  CASE WHEN o.oprkind='r' THEN NULL ELSE pg_catalog.format_type(o.oprright, NULL) END AS "Right arg type",
  pg_catalog.format_type(o.oprresult, NULL) AS "Result type",
  o.oprcode AS "Function",
  coalesce(pg_catalog.obj_description(o.oid, 'pg_operator'),
           pg_catalog.obj_description(o.oprcode, 'pg_proc')) AS "Description"
FROM pg_catalog.pg_operator o
     LEFT JOIN pg_catalog.pg_namespace n ON n.oid = o.oprnamespace
WHERE o.oprname OPERATOR(pg_catalog.~) E'^(\\*)$' COLLATE pg_catalog.default
  AND pg_catalog.pg_operator_is_visible(o.oid)
  AND (o.oprkind = 'l' OR o.oprleft IN (SELECT oid FROM pg_type WHERE typname IN ('int2', 'int4', 'int8', 'float4', 'float8', 'numeric', 'text', 'bool', 'date', 'timestamp', 'timestamptz', 'interval', 'time', 'jsonb', 'json', 'bytea', 'uuid', 'name', 'bpchar', 'varchar', 'char', 'oid', 'inet', 'cidr', 'tsvector', 'tsquery', '_text', 'macaddr', 'tid')))
  AND o.oprright IN (SELECT oid FROM pg_type WHERE typname IN ('int2', 'int4', 'int8', 'float4', 'float8', 'numeric', 'text', 'bool', 'date', 'timestamp', 'timestamptz', 'interval', 'time', 'jsonb', 'json', 'bytea', 'uuid', 'name', 'bpchar', 'varchar', 'char', 'oid', 'inet', 'cidr', 'tsvector', 'tsquery', '_text', 'macaddr', 'tid'))
ORDER BY 1, 2, 3, 4;
SELECT n.nspname as "Schema",
  o.oprname AS "Name",
  CASE WHEN o.oprkind='l' THEN NULL ELSE pg_catalog.format_type(o.oprleft, NULL) END AS "Left arg type",
  CASE WHEN o.oprkind='r' THEN NULL ELSE pg_catalog.format_type(o.oprright, NULL) END AS "Right arg type",
  pg_catalog.format_type(o.oprresult, NULL) AS "Result type",
  o.oprcode AS "Function",
  coalesce(pg_catalog.obj_description(o.oid, 'pg_operator'),
           pg_catalog.obj_description(o.oprcode, 'pg_proc')) AS "Description"
FROM pg_catalog.pg_operator o
     LEFT JOIN pg_catalog.pg_namespace n ON n.oid = o.oprnamespace
WHERE o.oprname OPERATOR(pg_catalog.~) '^(/)$' COLLATE pg_catalog.default
  AND pg_catalog.pg_operator_is_visible(o.oid)
  AND (o.oprkind = 'l' OR o.oprleft IN (SELECT oid FROM pg_type WHERE typname IN ('int2', 'int4', 'int8', 'float4', 'float8', 'numeric', 'text', 'bool', 'date', 'timestamp', 'timestamptz', 'interval', 'time', 'jsonb', 'json', 'bytea', 'uuid', 'name', 'bpchar', 'varchar', 'char', 'oid', 'inet', 'cidr', 'tsvector', 'tsquery', '_text', 'macaddr', 'tid')))
  AND o.oprright IN (SELECT oid FROM pg_type WHERE typname IN ('int2', 'int4', 'int8', 'float4', 'float8', 'numeric', 'text', 'bool', 'date', 'timestamp', 'timestamptz', 'interval', 'time', 'jsonb', 'json', 'bytea', 'uuid', 'name', 'bpchar', 'varchar', 'char', 'oid', 'inet', 'cidr', 'tsvector', 'tsquery', '_text', 'macaddr', 'tid'))
ORDER BY 1, 2, 3, 4;
SELECT n.nspname as "Schema",
  o.oprname AS "Name",
  CASE WHEN o.oprkind='l' THEN NULL ELSE pg_catalog.format_type(o.oprleft, NULL) END AS "Left arg type",
  CASE WHEN o.oprkind='r' THEN NULL ELSE pg_catalog.format_type(o.oprright, NULL) END AS "Right arg type",
  pg_catalog.format_type(o.oprresult, NULL) AS "Result type",
  o.oprcode AS "Function",
  coalesce(pg_catalog.obj_description(o.oid, 'pg_operator'),
           pg_catalog.obj_description(o.oprcode, 'pg_proc')) AS "Description"
FROM pg_catalog.pg_operator o
     LEFT JOIN pg_catalog.pg_namespace n ON n.oid = o.oprnamespace
WHERE o.oprname OPERATOR(pg_catalog.~) '^(%)$' COLLATE pg_catalog.default
  AND pg_catalog.pg_operator_is_visible(o.oid)
  AND (o.oprkind = 'l' OR o.oprleft IN (SELECT oid FROM pg_type WHERE typname IN ('int2', 'int4', 'int8', 'float4', 'float8', 'numeric', 'text', 'bool', 'date', 'timestamp', 'timestamptz', 'interval', 'time', 'jsonb', 'json', 'bytea', 'uuid', 'name', 'bpchar', 'varchar', 'char', 'oid', 'inet', 'cidr', 'tsvector', 'tsquery', '_text', 'macaddr', 'tid')))
  AND o.oprright IN (SELECT oid FROM pg_type WHERE typname IN ('int2', 'int4', 'int8', 'float4', 'float8', 'numeric', 'text', 'bool', 'date', 'timestamp', 'timestamptz', 'interval', 'time', 'jsonb', 'json', 'bytea', 'uuid', 'name', 'bpchar', 'varchar', 'char', 'oid', 'inet', 'cidr', 'tsvector', 'tsquery', '_text', 'macaddr', 'tid'))
ORDER BY 1, 2, 3, 4;
SELECT n.nspname as "Schema",
  o.oprname AS "Name",
  CASE WHEN o.oprkind='l' THEN NULL ELSE pg_catalog.format_type(o.oprleft, NULL) END AS "Left arg type",
  CASE WHEN o.oprkind='r' THEN NULL ELSE pg_catalog.format_type(o.oprright, NULL) END AS "Right arg type",
  pg_catalog.format_type(o.oprresult, NULL) AS "Result type",
  o.oprcode AS "Function",
  coalesce(pg_catalog.obj_description(o.oid, 'pg_operator'),
           pg_catalog.obj_description(o.oprcode, 'pg_proc')) AS "Description"
FROM pg_catalog.pg_operator o
     LEFT JOIN pg_catalog.pg_namespace n ON n.oid = o.oprnamespace
WHERE o.oprname OPERATOR(pg_catalog.~) E'^(\\^)$' COLLATE pg_catalog.default
  AND pg_catalog.pg_operator_is_visible(o.oid)
  AND (o.oprkind = 'l' OR o.oprleft IN (SELECT oid FROM pg_type WHERE typname IN ('int2', 'int4', 'int8', 'float4', 'float8', 'numeric', 'text', 'bool', 'date', 'timestamp', 'timestamptz', 'interval', 'time', 'jsonb', 'json', 'bytea', 'uuid', 'name', 'bpchar', 'varchar', 'char', 'oid', 'inet', 'cidr', 'tsvector', 'tsquery', '_text', 'macaddr', 'tid')))
  AND o.oprright IN (SELECT oid FROM pg_type WHERE typname IN ('int2', 'int4', 'int8', 'float4', 'float8', 'numeric', 'text', 'bool', 'date', 'timestamp', 'timestamptz', 'interval', 'time', 'jsonb', 'json', 'bytea', 'uuid', 'name', 'bpchar', 'varchar', 'char', 'oid', 'inet', 'cidr', 'tsvector', 'tsquery', '_text', 'macaddr', 'tid'))
ORDER BY 1, 2, 3, 4;
SELECT n.nspname as "Schema",
  o.oprname AS "Name",
  CASE WHEN o.oprkind='l' THEN NULL ELSE pg_catalog.format_type(o.oprleft, NULL) END AS "Left arg type",
  CASE WHEN o.oprkind='r' THEN NULL ELSE pg_catalog.format_type(o.oprright, NULL) END AS "Right arg type",
  pg_catalog.format_type(o.oprresult, NULL) AS "Result type",
  o.oprcode AS "Function",
  coalesce(pg_catalog.obj_description(o.oid, 'pg_operator'),
           pg_catalog.obj_description(o.oprcode, 'pg_proc')) AS "Description"
FROM pg_catalog.pg_operator o
     LEFT JOIN pg_catalog.pg_namespace n ON n.oid = o.oprnamespace
WHERE o.oprname OPERATOR(pg_catalog.~) '^(<)$' COLLATE pg_catalog.default
  AND pg_catalog.pg_operator_is_visible(o.oid)
  AND (o.oprkind = 'l' OR o.oprleft IN (SELECT oid FROM pg_type WHERE typname IN ('int2', 'int4', 'int8', 'float4', 'float8', 'numeric', 'text', 'bool', 'date', 'timestamp', 'timestamptz', 'interval', 'time', 'jsonb', 'json', 'bytea', 'uuid', 'name', 'bpchar', 'varchar', 'char', 'oid', 'inet', 'cidr', 'tsvector', 'tsquery', '_text', 'macaddr', 'tid')))
  AND o.oprright IN (SELECT oid FROM pg_type WHERE typname IN ('int2', 'int4', 'int8', 'float4', 'float8', 'numeric', 'text', 'bool', 'date', 'timestamp', 'timestamptz', 'interval', 'time', 'jsonb', 'json', 'bytea', 'uuid', 'name', 'bpchar', 'varchar', 'char', 'oid', 'inet', 'cidr', 'tsvector', 'tsquery', '_text', 'macaddr', 'tid'))
ORDER BY 1, 2, 3, 4;
SELECT n.nspname as "Schema",
  o.oprname AS "Name",
  CASE WHEN o.oprkind='l' THEN NULL ELSE pg_catalog.format_type(o.oprleft, NULL) END AS "Left arg type",
  CASE WHEN o.oprkind='r' THEN NULL ELSE pg_catalog.format_type(o.oprright, NULL) END AS "Right arg type",
  pg_catalog.format_type(o.oprresult, NULL) AS "Result type",
  o.oprcode AS "Function",
  coalesce(pg_catalog.obj_description(o.oid, 'pg_operator'),
           pg_catalog.obj_description(o.oprcode, 'pg_proc')) AS "Description"
FROM pg_catalog.pg_operator o
     LEFT JOIN pg_catalog.pg_namespace n ON n.oid = o.oprnamespace
WHERE o.oprname OPERATOR(pg_catalog.~) '^(<=)$' COLLATE pg_catalog.default
  AND pg_catalog.pg_operator_is_visible(o.oid)
  AND (o.oprkind = 'l' OR o.oprleft IN (SELECT oid FROM pg_type WHERE typname IN ('int2', 'int4', 'int8', 'float4', 'float8', 'numeric', 'text', 'bool', 'date', 'timestamp', 'timestamptz', 'interval', 'time', 'jsonb', 'json', 'bytea', 'uuid', 'name', 'bpchar', 'varchar', 'char', 'oid', 'inet', 'cidr', 'tsvector', 'tsquery', '_text', 'macaddr', 'tid')))
  AND o.oprright IN (SELECT oid FROM pg_type WHERE typname IN ('int2', 'int4', 'int8', 'float4', 'float8', 'numeric', 'text', 'bool', 'date', 'timestamp', 'timestamptz', 'interval', 'time', 'jsonb', 'json', 'bytea', 'uuid', 'name', 'bpchar', 'varchar', 'char', 'oid', 'inet', 'cidr', 'tsvector', 'tsquery', '_text', 'macaddr', 'tid'))
ORDER BY 1, 2, 3, 4;
SELECT n.nspname as "Schema",
  o.oprname AS "Name",
  CASE WHEN o.oprkind='l' THEN NULL ELSE pg_catalog.format_type(o.oprleft, NULL) END AS "Left arg type",
  CASE WHEN o.oprkind='r' THEN NULL ELSE pg_catalog.format_type(o.oprright, NULL) END AS "Right arg type",
  pg_catalog.format_type(o.oprresult, NULL) AS "Result type",
  o.oprcode AS "Function",
  coalesce(pg_catalog.obj_description(o.oid, 'pg_operator'),
           pg_catalog.obj_description(o.oprcode, 'pg_proc')) AS "Description"
FROM pg_catalog.pg_operator o
     LEFT JOIN pg_catalog.pg_namespace n ON n.oid = o.oprnamespace
WHERE o.oprname OPERATOR(pg_catalog.~) '^(<>)$' COLLATE pg_catalog.default
  AND pg_catalog.pg_operator_is_visible(o.oid)
  AND (o.oprkind = 'l' OR o.oprleft IN (SELECT oid FROM pg_type WHERE typname IN ('int2', 'int4', 'int8', 'float4', 'float8', 'numeric', 'text', 'bool', 'date', 'timestamp', 'timestamptz', 'interval', 'time', 'jsonb', 'json', 'bytea', 'uuid', 'name', 'bpchar', 'varchar', 'char', 'oid', 'inet', 'cidr', 'tsvector', 'tsquery', '_text', 'macaddr', 'tid')))
  AND o.oprright IN (SELECT oid FROM pg_type WHERE typname IN ('int2', 'int4', 'int8', 'float4', 'float8', 'numeric', 'text', 'bool', 'date', 'timestamp', 'timestamptz', 'interval', 'time', 'jsonb', 'json', 'bytea', 'uuid', 'name', 'bpchar', 'varchar', 'char', 'oid', 'inet', 'cidr', 'tsvector', 'tsquery', '_text', 'macaddr', 'tid'))
ORDER BY 1, 2, 3, 4;
SELECT n.nspname as "Schema",
  o.oprname AS "Name",
  CASE WHEN o.oprkind='l' THEN NULL ELSE pg_catalog.format_type(o.oprleft, NULL) END AS "Left arg type",
  CASE WHEN o.oprkind='r' THEN NULL ELSE pg_catalog.format_type(o.oprright, NULL) END AS "Right arg type",
  pg_catalog.format_type(o.oprresult, NULL) AS "Result type",
  o.oprcode AS "Function",
  coalesce(pg_catalog.obj_description(o.oid, 'pg_operator'),
           pg_catalog.obj_description(o.oprcode, 'pg_proc')) AS "Description"
FROM pg_catalog.pg_operator o
     LEFT JOIN pg_catalog.pg_namespace n ON n.oid = o.oprnamespace
WHERE o.oprname OPERATOR(pg_catalog.~) '^(>)$' COLLATE pg_catalog.default
  AND pg_catalog.pg_operator_is_visible(o.oid)
  AND (o.oprkind = 'l' OR o.oprleft IN (SELECT oid FROM pg_type WHERE typname IN ('int2', 'int4', 'int8', 'float4', 'float8', 'numeric', 'text', 'bool', 'date', 'timestamp', 'timestamptz', 'interval', 'time', 'jsonb', 'json', 'bytea', 'uuid', 'name', 'bpchar', 'varchar', 'char', 'oid', 'inet', 'cidr', 'tsvector', 'tsquery', '_text', 'macaddr', 'tid')))
  AND o.oprright IN (SELECT oid FROM pg_type WHERE typname IN ('int2', 'int4', 'int8', 'float4', 'float8', 'numeric', 'text', 'bool', 'date', 'timestamp', 'timestamptz', 'interval', 'time', 'jsonb', 'json', 'bytea', 'uuid', 'name', 'bpchar', 'varchar', 'char', 'oid', 'inet', 'cidr', 'tsvector', 'tsquery', '_text', 'macaddr', 'tid'))
ORDER BY 1, 2, 3, 4;
SELECT n.nspname as "Schema",
  o.oprname AS "Name",
  CASE WHEN o.oprkind='l' THEN NULL ELSE pg_catalog.format_type(o.oprleft, NULL) END AS "Left arg type",
  CASE WHEN o.oprkind='r' THEN NULL ELSE pg_catalog.format_type(o.oprright, NULL) END AS "Right arg type",
  pg_catalog.format_type(o.oprresult, NULL) AS "Result type",
  o.oprcode AS "Function",
  coalesce(pg_catalog.obj_description(o.oid, 'pg_operator'),
           pg_catalog.obj_description(o.oprcode, 'pg_proc')) AS "Description"
FROM pg_catalog.pg_operator o
     LEFT JOIN pg_catalog.pg_namespace n ON n.oid = o.oprnamespace
WHERE o.oprname OPERATOR(pg_catalog.~) '^(>=)$' COLLATE pg_catalog.default
  AND pg_catalog.pg_operator_is_visible(o.oid)
  AND (o.oprkind = 'l' OR o.oprleft IN (SELECT oid FROM pg_type WHERE typname IN ('int2', 'int4', 'int8', 'float4', 'float8', 'numeric', 'text', 'bool', 'date', 'timestamp', 'timestamptz', 'interval', 'time', 'jsonb', 'json', 'bytea', 'uuid', 'name', 'bpchar', 'varchar', 'char', 'oid', 'inet', 'cidr', 'tsvector', 'tsquery', '_text', 'macaddr', 'tid')))
  AND o.oprright IN (SELECT oid FROM pg_type WHERE typname IN ('int2', 'int4', 'int8', 'float4', 'float8', 'numeric', 'text', 'bool', 'date', 'timestamp', 'timestamptz', 'interval', 'time', 'jsonb', 'json', 'bytea', 'uuid', 'name', 'bpchar', 'varchar', 'char', 'oid', 'inet', 'cidr', 'tsvector', 'tsquery', '_text', 'macaddr', 'tid'))
ORDER BY 1, 2, 3, 4;
SELECT n.nspname as "Schema",
  o.oprname AS "Name",
  CASE WHEN o.oprkind='l' THEN NULL ELSE pg_catalog.format_type(o.oprleft, NULL) END AS "Left arg type",
  CASE WHEN o.oprkind='r' THEN NULL ELSE pg_catalog.format_type(o.oprright, NULL) END AS "Right arg type",
  pg_catalog.format_type(o.oprresult, NULL) AS "Result type",
  o.oprcode AS "Function",
  coalesce(pg_catalog.obj_description(o.oid, 'pg_operator'),
           pg_catalog.obj_description(o.oprcode, 'pg_proc')) AS "Description"
FROM pg_catalog.pg_operator o
     LEFT JOIN pg_catalog.pg_namespace n ON n.oid = o.oprnamespace
WHERE o.oprname OPERATOR(pg_catalog.~) E'^(\\|\\|)$' COLLATE pg_catalog.default
  AND pg_catalog.pg_operator_is_visible(o.oid)
  AND (o.oprkind = 'l' OR o.oprleft IN (SELECT oid FROM pg_type WHERE typname IN ('int2', 'int4', 'int8', 'float4', 'float8', 'numeric', 'text', 'bool', 'date', 'timestamp', 'timestamptz', 'interval', 'time', 'jsonb', 'json', 'bytea', 'uuid', 'name', 'bpchar', 'varchar', 'char', 'oid', 'inet', 'cidr', 'tsvector', 'tsquery', '_text', 'macaddr', 'tid')))
  AND o.oprright IN (SELECT oid FROM pg_type WHERE typname IN ('int2', 'int4', 'int8', 'float4', 'float8', 'numeric', 'text', 'bool', 'date', 'timestamp', 'timestamptz', 'interval', 'time', 'jsonb', 'json', 'bytea', 'uuid', 'name', 'bpchar', 'varchar', 'char', 'oid', 'inet', 'cidr', 'tsvector', 'tsquery', '_text', 'macaddr', 'tid'))
ORDER BY 1, 2, 3, 4;
SELECT n.nspname as "Schema",
  o.oprname AS "Name",
  CASE WHEN o.oprkind='l' THEN NULL ELSE pg_catalog.format_type(o.oprleft, NULL) END AS "Left arg type",
  CASE WHEN o.oprkind='r' THEN NULL ELSE pg_catalog.format_type(o.oprright, NULL) END AS "Right arg type",
  pg_catalog.format_type(o.oprresult, NULL) AS "Result type",
  o.oprcode AS "Function",
  coalesce(pg_catalog.obj_description(o.oid, 'pg_operator'),
           pg_catalog.obj_description(o.oprcode, 'pg_proc')) AS "Description"
FROM pg_catalog.pg_operator o
     LEFT JOIN pg_catalog.pg_namespace n ON n.oid = o.oprnamespace
WHERE o.oprname OPERATOR(pg_catalog.~) '^(->)$' COLLATE pg_catalog.default
  AND pg_catalog.pg_operator_is_visible(o.oid)
  AND (o.oprkind = 'l' OR o.oprleft IN (SELECT oid FROM pg_type WHERE typname IN ('int2', 'int4', 'int8', 'float4', 'float8', 'numeric', 'text', 'bool', 'date', 'timestamp', 'timestamptz', 'interval', 'time', 'jsonb', 'json', 'bytea', 'uuid', 'name', 'bpchar', 'varchar', 'char', 'oid', 'inet', 'cidr', 'tsvector', 'tsquery', '_text', 'macaddr', 'tid')))
  AND o.oprright IN (SELECT oid FROM pg_type WHERE typname IN ('int2', 'int4', 'int8', 'float4', 'float8', 'numeric', 'text', 'bool', 'date', 'timestamp', 'timestamptz', 'interval', 'time', 'jsonb', 'json', 'bytea', 'uuid', 'name', 'bpchar', 'varchar', 'char', 'oid', 'inet', 'cidr', 'tsvector', 'tsquery', '_text', 'macaddr', 'tid'))
ORDER BY 1, 2, 3, 4;
SELECT n.nspname as "Schema",
  o.oprname AS "Name",
  CASE WHEN o.oprkind='l' THEN NULL ELSE pg_catalog.format_type(o.oprleft, NULL) END AS "Left arg type",
  CASE WHEN o.oprkind='r' THEN NULL ELSE pg_catalog.format_type(o.oprright, NULL) END AS "Right arg type",
  pg_catalog.format_type(o.oprresult, NULL) AS "Result type",
  o.oprcode AS "Function",
  coalesce(pg_catalog.obj_description(o.oid, 'pg_operator'),
           pg_catalog.obj_description(o.oprcode, 'pg_proc')) AS "Description"
FROM pg_catalog.pg_operator o
     LEFT JOIN pg_catalog.pg_namespace n ON n.oid = o.oprnamespace
WHERE o.oprname OPERATOR(pg_catalog.~) '^(->>)$' COLLATE pg_catalog.default
  AND pg_catalog.pg_operator_is_visible(o.oid)
  AND (o.oprkind = 'l' OR o.oprleft IN (SELECT oid FROM pg_type WHERE typname IN ('int2', 'int4', 'int8', 'float4', 'float8', 'numeric', 'text', 'bool', 'date', 'timestamp', 'timestamptz', 'interval', 'time', 'jsonb', 'json', 'bytea', 'uuid', 'name', 'bpchar', 'varchar', 'char', 'oid', 'inet', 'cidr', 'tsvector', 'tsquery', '_text', 'macaddr', 'tid')))
  AND o.oprright IN (SELECT oid FROM pg_type WHERE typname IN ('int2', 'int4', 'int8', 'float4', 'float8', 'numeric', 'text', 'bool', 'date', 'timestamp', 'timestamptz', 'interval', 'time', 'jsonb', 'json', 'bytea', 'uuid', 'name', 'bpchar', 'varchar', 'char', 'oid', 'inet', 'cidr', 'tsvector', 'tsquery', '_text', 'macaddr', 'tid'))
ORDER BY 1, 2, 3, 4;
SELECT n.nspname as "Schema",
  o.oprname AS "Name",
  CASE WHEN o.oprkind='l' THEN NULL ELSE pg_catalog.format_type(o.oprleft, NULL) END AS "Left arg type",
  CASE WHEN o.oprkind='r' THEN NULL ELSE pg_catalog.format_type(o.oprright, NULL) END AS "Right arg type",
  pg_catalog.format_type(o.oprresult, NULL) AS "Result type",
  o.oprcode AS "Function",
  coalesce(pg_catalog.obj_description(o.oid, 'pg_operator'),
           pg_catalog.obj_description(o.oprcode, 'pg_proc')) AS "Description"
FROM pg_catalog.pg_operator o
     LEFT JOIN pg_catalog.pg_namespace n ON n.oid = o.oprnamespace
WHERE o.oprname OPERATOR(pg_catalog.~) '^(#>)$' COLLATE pg_catalog.default
  AND pg_catalog.pg_operator_is_visible(o.oid)
  AND (o.oprkind = 'l' OR o.oprleft IN (SELECT oid FROM pg_type WHERE typname IN ('int2', 'int4', 'int8', 'float4', 'float8', 'numeric', 'text', 'bool', 'date', 'timestamp', 'timestamptz', 'interval', 'time', 'jsonb', 'json', 'bytea', 'uuid', 'name', 'bpchar', 'varchar', 'char', 'oid', 'inet', 'cidr', 'tsvector', 'tsquery', '_text', 'macaddr', 'tid')))
  AND o.oprright IN (SELECT oid FROM pg_type WHERE typname IN ('int2', 'int4', 'int8', 'float4', 'float8', 'numeric', 'text', 'bool', 'date', 'timestamp', 'timestamptz', 'interval', 'time', 'jsonb', 'json', 'bytea', 'uuid', 'name', 'bpchar', 'varchar', 'char', 'oid', 'inet', 'cidr', 'tsvector', 'tsquery', '_text', 'macaddr', 'tid'))
ORDER BY 1, 2, 3, 4;
SELECT n.nspname as "Schema",
  o.oprname AS "Name",
  CASE WHEN o.oprkind='l' THEN NULL ELSE pg_catalog.format_type(o.oprleft, NULL) END AS "Left arg type",
  CASE WHEN o.oprkind='r' THEN NULL ELSE pg_catalog.format_type(o.oprright, NULL) END AS "Right arg type",
  pg_catalog.format_type(o.oprresult, NULL) AS "Result type",
  o.oprcode AS "Function",
  coalesce(pg_catalog.obj_description(o.oid, 'pg_operator'),
           pg_catalog.obj_description(o.oprcode, 'pg_proc')) AS "Description"
FROM pg_catalog.pg_operator o
     LEFT JOIN pg_catalog.pg_namespace n ON n.oid = o.oprnamespace
WHERE o.oprname OPERATOR(pg_catalog.~) '^(#>>)$' COLLATE pg_catalog.default
  AND pg_catalog.pg_operator_is_visible(o.oid)
  AND (o.oprkind = 'l' OR o.oprleft IN (SELECT oid FROM pg_type WHERE typname IN ('int2', 'int4', 'int8', 'float4', 'float8', 'numeric', 'text', 'bool', 'date', 'timestamp', 'timestamptz', 'interval', 'time', 'jsonb', 'json', 'bytea', 'uuid', 'name', 'bpchar', 'varchar', 'char', 'oid', 'inet', 'cidr', 'tsvector', 'tsquery', '_text', 'macaddr', 'tid')))
  AND o.oprright IN (SELECT oid FROM pg_type WHERE typname IN ('int2', 'int4', 'int8', 'float4', 'float8', 'numeric', 'text', 'bool', 'date', 'timestamp', 'timestamptz', 'interval', 'time', 'jsonb', 'json', 'bytea', 'uuid', 'name', 'bpchar', 'varchar', 'char', 'oid', 'inet', 'cidr', 'tsvector', 'tsquery', '_text', 'macaddr', 'tid'))
ORDER BY 1, 2, 3, 4;
SELECT n.nspname as "Schema",
  o.oprname AS "Name",
  CASE WHEN o.oprkind='l' THEN NULL ELSE pg_catalog.format_type(o.oprleft, NULL) END AS "Left arg type",
  CASE WHEN o.oprkind='r' THEN NULL ELSE pg_catalog.format_type(o.oprright, NULL) END AS "Right arg type",
  pg_catalog.format_type(o.oprresult, NULL) AS "Result type",
  o.oprcode AS "Function",
  coalesce(pg_catalog.obj_description(o.oid, 'pg_operator'),
           pg_catalog.obj_description(o.oprcode, 'pg_proc')) AS "Description"
FROM pg_catalog.pg_operator o
     LEFT JOIN pg_catalog.pg_namespace n ON n.oid = o.oprnamespace
WHERE o.oprname OPERATOR(pg_catalog.~) E'^(\\?)$' COLLATE pg_catalog.default
  AND pg_catalog.pg_operator_is_visible(o.oid)
  AND (o.oprkind = 'l' OR o.oprleft IN (SELECT oid FROM pg_type WHERE typname IN ('int2', 'int4', 'int8', 'float4', 'float8', 'numeric', 'text', 'bool', 'date', 'timestamp', 'timestamptz', 'interval', 'time', 'jsonb', 'json', 'bytea', 'uuid', 'name', 'bpchar', 'varchar', 'char', 'oid', 'inet', 'cidr', 'tsvector', 'tsquery', '_text', 'macaddr', 'tid')))
  AND o.oprright IN (SELECT oid FROM pg_type WHERE typname IN ('int2', 'int4', 'int8', 'float4', 'float8', 'numeric', 'text', 'bool', 'date', 'timestamp', 'timestamptz', 'interval', 'time', 'jsonb', 'json', 'bytea', 'uuid', 'name', 'bpchar', 'varchar', 'char', 'oid', 'inet', 'cidr', 'tsvector', 'tsquery', '_text', 'macaddr', 'tid'))
ORDER BY 1, 2, 3, 4;
SELECT n.nspname as "Schema",
  o.oprname AS "Name",
  CASE WHEN o.oprkind='l' THEN NULL ELSE pg_catalog.format_type(o.oprleft, NULL) END AS "Left arg type",
  CASE WHEN o.oprkind='r' THEN NULL ELSE pg_catalog.format_type(o.oprright, NULL) END AS "Right arg type",
  pg_catalog.format_type(o.oprresult, NULL) AS "Result type",
  o.oprcode AS "Function",
  coalesce(pg_catalog.obj_description(o.oid, 'pg_operator'),
           pg_catalog.obj_description(o.oprcode, 'pg_proc')) AS "Description"
FROM pg_catalog.pg_operator o
     LEFT JOIN pg_catalog.pg_namespace n ON n.oid = o.oprnamespace
WHERE o.oprname OPERATOR(pg_catalog.~) E'^(\\?\\|)$' COLLATE pg_catalog.default
  AND pg_catalog.pg_operator_is_visible(o.oid)
  AND (o.oprkind = 'l' OR o.oprleft IN (SELECT oid FROM pg_type WHERE typname IN ('int2', 'int4', 'int8', 'float4', 'float8', 'numeric', 'text', 'bool', 'date', 'timestamp', 'timestamptz', 'interval', 'time', 'jsonb', 'json', 'bytea', 'uuid', 'name', 'bpchar', 'varchar', 'char', 'oid', 'inet', 'cidr', 'tsvector', 'tsquery', '_text', 'macaddr', 'tid')))
  AND o.oprright IN (SELECT oid FROM pg_type WHERE typname IN ('int2', 'int4', 'int8', 'float4', 'float8', 'numeric', 'text', 'bool', 'date', 'timestamp', 'timestamptz', 'interval', 'time', 'jsonb', 'json', 'bytea', 'uuid', 'name', 'bpchar', 'varchar', 'char', 'oid', 'inet', 'cidr', 'tsvector', 'tsquery', '_text', 'macaddr', 'tid'))
ORDER BY 1, 2, 3, 4;
SELECT n.nspname as "Schema",
  o.oprname AS "Name",
  CASE WHEN o.oprkind='l' THEN NULL ELSE pg_catalog.format_type(o.oprleft, NULL) END AS "Left arg type",
  CASE WHEN o.oprkind='r' THEN NULL ELSE pg_catalog.format_type(o.oprright, NULL) END AS "Right arg type",
  pg_catalog.format_type(o.oprresult, NULL) AS "Result type",
  o.oprcode AS "Function",
  coalesce(pg_catalog.obj_description(o.oid, 'pg_operator'),
           pg_catalog.obj_description(o.oprcode, 'pg_proc')) AS "Description"
FROM pg_catalog.pg_operator o
     LEFT JOIN pg_catalog.pg_namespace n ON n.oid = o.oprnamespace
WHERE o.oprname OPERATOR(pg_catalog.~) E'^(\\?&)$' COLLATE pg_catalog.default
  AND pg_catalog.pg_operator_is_visible(o.oid)
  AND (o.oprkind = 'l' OR o.oprleft IN (SELECT oid FROM pg_type WHERE typname IN ('int2', 'int4', 'int8', 'float4', 'float8', 'numeric', 'text', 'bool', 'date', 'timestamp', 'timestamptz', 'interval', 'time', 'jsonb', 'json', 'bytea', 'uuid', 'name', 'bpchar', 'varchar', 'char', 'oid', 'inet', 'cidr', 'tsvector', 'tsquery', '_text', 'macaddr', 'tid')))
  AND o.oprright IN (SELECT oid FROM pg_type WHERE typname IN ('int2', 'int4', 'int8', 'float4', 'float8', 'numeric', 'text', 'bool', 'date', 'timestamp', 'timestamptz', 'interval', 'time', 'jsonb', 'json', 'bytea', 'uuid', 'name', 'bpchar', 'varchar', 'char', 'oid', 'inet', 'cidr', 'tsvector', 'tsquery', '_text', 'macaddr', 'tid'))
ORDER BY 1, 2, 3, 4;
SELECT n.nspname as "Schema",
  o.oprname AS "Name",
  CASE WHEN o.oprkind='l' THEN NULL ELSE pg_catalog.format_type(o.oprleft, NULL) END AS "Left arg type",
  CASE WHEN o.oprkind='r' THEN NULL ELSE pg_catalog.format_type(o.oprright, NULL) END AS "Right arg type",
  pg_catalog.format_type(o.oprresult, NULL) AS "Result type",
  o.oprcode AS "Function",
  coalesce(pg_catalog.obj_description(o.oid, 'pg_operator'),
           pg_catalog.obj_description(o.oprcode, 'pg_proc')) AS "Description"
FROM pg_catalog.pg_operator o
     LEFT JOIN pg_catalog.pg_namespace n ON n.oid = o.oprnamespace
WHERE o.oprname OPERATOR(pg_catalog.~) '^(#-)$' COLLATE pg_catalog.default
  AND pg_catalog.pg_operator_is_visible(o.oid)
  AND (o.oprkind = 'l' OR o.oprleft IN (SELECT oid FROM pg_type WHERE typname IN ('int2', 'int4', 'int8', 'float4', 'float8', 'numeric', 'text', 'bool', 'date', 'timestamp', 'timestamptz', 'interval', 'time', 'jsonb', 'json', 'bytea', 'uuid', 'name', 'bpchar', 'varchar', 'char', 'oid', 'inet', 'cidr', 'tsvector', 'tsquery', '_text', 'macaddr', 'tid')))
  AND o.oprright IN (SELECT oid FROM pg_type WHERE typname IN ('int2', 'int4', 'int8', 'float4', 'float8', 'numeric', 'text', 'bool', 'date', 'timestamp', 'timestamptz', 'interval', 'time', 'jsonb', 'json', 'bytea', 'uuid', 'name', 'bpchar', 'varchar', 'char', 'oid', 'inet', 'cidr', 'tsvector', 'tsquery', '_text', 'macaddr', 'tid'))
ORDER BY 1, 2, 3, 4;
SELECT n.nspname as "Schema",
  o.oprname AS "Name",
  CASE WHEN o.oprkind='l' THEN NULL ELSE pg_catalog.format_type(o.oprleft, NULL) END AS "Left arg type",
  CASE WHEN o.oprkind='r' THEN NULL ELSE pg_catalog.format_type(o.oprright, NULL) END AS "Right arg type",
  pg_catalog.format_type(o.oprresult, NULL) AS "Result type",
  o.oprcode AS "Function",
  coalesce(pg_catalog.obj_description(o.oid, 'pg_operator'),
           pg_catalog.obj_description(o.oprcode, 'pg_proc')) AS "Description"
FROM pg_catalog.pg_operator o
     LEFT JOIN pg_catalog.pg_namespace n ON n.oid = o.oprnamespace
WHERE o.oprname OPERATOR(pg_catalog.~) '^(&)$' COLLATE pg_catalog.default
  AND pg_catalog.pg_operator_is_visible(o.oid)
  AND (o.oprkind = 'l' OR o.oprleft IN (SELECT oid FROM pg_type WHERE typname IN ('int2', 'int4', 'int8', 'float4', 'float8', 'numeric', 'text', 'bool', 'date', 'timestamp', 'timestamptz', 'interval', 'time', 'jsonb', 'json', 'bytea', 'uuid', 'name', 'bpchar', 'varchar', 'char', 'oid', 'inet', 'cidr', 'tsvector', 'tsquery', '_text', 'macaddr', 'tid')))
  AND o.oprright IN (SELECT oid FROM pg_type WHERE typname IN ('int2', 'int4', 'int8', 'float4', 'float8', 'numeric', 'text', 'bool', 'date', 'timestamp', 'timestamptz', 'interval', 'time', 'jsonb', 'json', 'bytea', 'uuid', 'name', 'bpchar', 'varchar', 'char', 'oid', 'inet', 'cidr', 'tsvector', 'tsquery', '_text', 'macaddr', 'tid'))
ORDER BY 1, 2, 3, 4;
SELECT n.nspname as "Schema",
  o.oprname AS "Name",
  CASE WHEN o.oprkind='l' THEN NULL ELSE pg_catalog.format_type(o.oprleft, NULL) END AS "Left arg type",
  CASE WHEN o.oprkind='r' THEN NULL ELSE pg_catalog.format_type(o.oprright, NULL) END AS "Right arg type",
  pg_catalog.format_type(o.oprresult, NULL) AS "Result type",
  o.oprcode AS "Function",
  coalesce(pg_catalog.obj_description(o.oid, 'pg_operator'),
           pg_catalog.obj_description(o.oprcode, 'pg_proc')) AS "Description"
FROM pg_catalog.pg_operator o
     LEFT JOIN pg_catalog.pg_namespace n ON n.oid = o.oprnamespace
WHERE o.oprname OPERATOR(pg_catalog.~) E'^(\\|)$' COLLATE pg_catalog.default
  AND pg_catalog.pg_operator_is_visible(o.oid)
  AND (o.oprkind = 'l' OR o.oprleft IN (SELECT oid FROM pg_type WHERE typname IN ('int2', 'int4', 'int8', 'float4', 'float8', 'numeric', 'text', 'bool', 'date', 'timestamp', 'timestamptz', 'interval', 'time', 'jsonb', 'json', 'bytea', 'uuid', 'name', 'bpchar', 'varchar', 'char', 'oid', 'inet', 'cidr', 'tsvector', 'tsquery', '_text', 'macaddr', 'tid')))
  AND o.oprright IN (SELECT oid FROM pg_type WHERE typname IN ('int2', 'int4', 'int8', 'float4', 'float8', 'numeric', 'text', 'bool', 'date', 'timestamp', 'timestamptz', 'interval', 'time', 'jsonb', 'json', 'bytea', 'uuid', 'name', 'bpchar', 'varchar', 'char', 'oid', 'inet', 'cidr', 'tsvector', 'tsquery', '_text', 'macaddr', 'tid'))
ORDER BY 1, 2, 3, 4;
SELECT n.nspname as "Schema",
  o.oprname AS "Name",
  CASE WHEN o.oprkind='l' THEN NULL ELSE pg_catalog.format_type(o.oprleft, NULL) END AS "Left arg type",
  CASE WHEN o.oprkind='r' THEN NULL ELSE pg_catalog.format_type(o.oprright, NULL) END AS "Right arg type",
  pg_catalog.format_type(o.oprresult, NULL) AS "Result type",
  o.oprcode AS "Function",
  coalesce(pg_catalog.obj_description(o.oid, 'pg_operator'),
           pg_catalog.obj_description(o.oprcode, 'pg_proc')) AS "Description"
FROM pg_catalog.pg_operator o
     LEFT JOIN pg_catalog.pg_namespace n ON n.oid = o.oprnamespace
WHERE o.oprname OPERATOR(pg_catalog.~) '^(#)$' COLLATE pg_catalog.default
  AND pg_catalog.pg_operator_is_visible(o.oid)
  AND (o.oprkind = 'l' OR o.oprleft IN (SELECT oid FROM pg_type WHERE typname IN ('int2', 'int4', 'int8', 'float4', 'float8', 'numeric', 'text', 'bool', 'date', 'timestamp', 'timestamptz', 'interval', 'time', 'jsonb', 'json', 'bytea', 'uuid', 'name', 'bpchar', 'varchar', 'char', 'oid', 'inet', 'cidr', 'tsvector', 'tsquery', '_text', 'macaddr', 'tid')))
  AND o.oprright IN (SELECT oid FROM pg_type WHERE typname IN ('int2', 'int4', 'int8', 'float4', 'float8', 'numeric', 'text', 'bool', 'date', 'timestamp', 'timestamptz', 'interval', 'time', 'jsonb', 'json', 'bytea', 'uuid', 'name', 'bpchar', 'varchar', 'char', 'oid', 'inet', 'cidr', 'tsvector', 'tsquery', '_text', 'macaddr', 'tid'))
ORDER BY 1, 2, 3, 4;
SELECT n.nspname as "Schema",
  o.oprname AS "Name",
  CASE WHEN o.oprkind='l' THEN NULL ELSE pg_catalog.format_type(o.oprleft, NULL) END AS "Left arg type",
  CASE WHEN o.oprkind='r' THEN NULL ELSE pg_catalog.format_type(o.oprright, NULL) END AS "Right arg type",
  pg_catalog.format_type(o.oprresult, NULL) AS "Result type",
  o.oprcode AS "Function",
  coalesce(pg_catalog.obj_description(o.oid, 'pg_operator'),
           pg_catalog.obj_description(o.oprcode, 'pg_proc')) AS "Description"
FROM pg_catalog.pg_operator o
     LEFT JOIN pg_catalog.pg_namespace n ON n.oid = o.oprnamespace
WHERE o.oprname OPERATOR(pg_catalog.~) '^(<<)$' COLLATE pg_catalog.default
  AND pg_catalog.pg_operator_is_visible(o.oid)
  AND (o.oprkind = 'l' OR o.oprleft IN (SELECT oid FROM pg_type WHERE typname IN ('int2', 'int4', 'int8', 'float4', 'float8', 'numeric', 'text', 'bool', 'date', 'timestamp', 'timestamptz', 'interval', 'time', 'jsonb', 'json', 'bytea', 'uuid', 'name', 'bpchar', 'varchar', 'char', 'oid', 'inet', 'cidr', 'tsvector', 'tsquery', '_text', 'macaddr', 'tid')))
  AND o.oprright IN (SELECT oid FROM pg_type WHERE typname IN ('int2', 'int4', 'int8', 'float4', 'float8', 'numeric', 'text', 'bool', 'date', 'timestamp', 'timestamptz', 'interval', 'time', 'jsonb', 'json', 'bytea', 'uuid', 'name', 'bpchar', 'varchar', 'char', 'oid', 'inet', 'cidr', 'tsvector', 'tsquery', '_text', 'macaddr', 'tid'))
ORDER BY 1, 2, 3, 4;
SELECT n.nspname as "Schema",
  o.oprname AS "Name",
  CASE WHEN o.oprkind='l' THEN NULL ELSE pg_catalog.format_type(o.oprleft, NULL) END AS "Left arg type",
  CASE WHEN o.oprkind='r' THEN NULL ELSE pg_catalog.format_type(o.oprright, NULL) END AS "Right arg type",
  pg_catalog.format_type(o.oprresult, NULL) AS "Result type",
  o.oprcode AS "Function",
  coalesce(pg_catalog.obj_description(o.oid, 'pg_operator'),
           pg_catalog.obj_description(o.oprcode, 'pg_proc')) AS "Description"
FROM pg_catalog.pg_operator o
     LEFT JOIN pg_catalog.pg_namespace n ON n.oid = o.oprnamespace
WHERE o.oprname OPERATOR(pg_catalog.~) '^(>>)$' COLLATE pg_catalog.default
  AND pg_catalog.pg_operator_is_visible(o.oid)
  AND (o.oprkind = 'l' OR o.oprleft IN (SELECT oid FROM pg_type WHERE typname IN ('int2', 'int4', 'int8', 'float4', 'float8', 'numeric', 'text', 'bool', 'date', 'timestamp', 'timestamptz', 'interval', 'time', 'jsonb', 'json', 'bytea', 'uuid', 'name', 'bpchar', 'varchar', 'char', 'oid', 'inet', 'cidr', 'tsvector', 'tsquery', '_text', 'macaddr', 'tid')))
  AND o.oprright IN (SELECT oid FROM pg_type WHERE typname IN ('int2', 'int4', 'int8', 'float4', 'float8', 'numeric', 'text', 'bool', 'date', 'timestamp', 'timestamptz', 'interval', 'time', 'jsonb', 'json', 'bytea', 'uuid', 'name', 'bpchar', 'varchar', 'char', 'oid', 'inet', 'cidr', 'tsvector', 'tsquery', '_text', 'macaddr', 'tid'))
ORDER BY 1, 2, 3, 4;
SELECT n.nspname as "Schema",
  o.oprname AS "Name",
  CASE WHEN o.oprkind='l' THEN NULL ELSE pg_catalog.format_type(o.oprleft, NULL) END AS "Left arg type",
  CASE WHEN o.oprkind='r' THEN NULL ELSE pg_catalog.format_type(o.oprright, NULL) END AS "Right arg type",
  pg_catalog.format_type(o.oprresult, NULL) AS "Result type",
  o.oprcode AS "Function",
  coalesce(pg_catalog.obj_description(o.oid, 'pg_operator'),
           pg_catalog.obj_description(o.oprcode, 'pg_proc')) AS "Description"
FROM pg_catalog.pg_operator o
     LEFT JOIN pg_catalog.pg_namespace n ON n.oid = o.oprnamespace
WHERE o.oprname OPERATOR(pg_catalog.~) '^(<<=)$' COLLATE pg_catalog.default
  AND pg_catalog.pg_operator_is_visible(o.oid)
  AND (o.oprkind = 'l' OR o.oprleft IN (SELECT oid FROM pg_type WHERE typname IN ('int2', 'int4', 'int8', 'float4', 'float8', 'numeric', 'text', 'bool', 'date', 'timestamp', 'timestamptz', 'interval', 'time', 'jsonb', 'json', 'bytea', 'uuid', 'name', 'bpchar', 'varchar', 'char', 'oid', 'inet', 'cidr', 'tsvector', 'tsquery', '_text', 'macaddr', 'tid')))
  AND o.oprright IN (SELECT oid FROM pg_type WHERE typname IN ('int2', 'int4', 'int8', 'float4', 'float8', 'numeric', 'text', 'bool', 'date', 'timestamp', 'timestamptz', 'interval', 'time', 'jsonb', 'json', 'bytea', 'uuid', 'name', 'bpchar', 'varchar', 'char', 'oid', 'inet', 'cidr', 'tsvector', 'tsquery', '_text', 'macaddr', 'tid'))
ORDER BY 1, 2, 3, 4;
SELECT n.nspname as "Schema",
  o.oprname AS "Name",
  CASE WHEN o.oprkind='l' THEN NULL ELSE pg_catalog.format_type(o.oprleft, NULL) END AS "Left arg type",
  CASE WHEN o.oprkind='r' THEN NULL ELSE pg_catalog.format_type(o.oprright, NULL) END AS "Right arg type",
  pg_catalog.format_type(o.oprresult, NULL) AS "Result type",
  o.oprcode AS "Function",
  coalesce(pg_catalog.obj_description(o.oid, 'pg_operator'),
           pg_catalog.obj_description(o.oprcode, 'pg_proc')) AS "Description"
FROM pg_catalog.pg_operator o
     LEFT JOIN pg_catalog.pg_namespace n ON n.oid = o.oprnamespace
WHERE o.oprname OPERATOR(pg_catalog.~) '^(>>=)$' COLLATE pg_catalog.default
  AND pg_catalog.pg_operator_is_visible(o.oid)
  AND (o.oprkind = 'l' OR o.oprleft IN (SELECT oid FROM pg_type WHERE typname IN ('int2', 'int4', 'int8', 'float4', 'float8', 'numeric', 'text', 'bool', 'date', 'timestamp', 'timestamptz', 'interval', 'time', 'jsonb', 'json', 'bytea', 'uuid', 'name', 'bpchar', 'varchar', 'char', 'oid', 'inet', 'cidr', 'tsvector', 'tsquery', '_text', 'macaddr', 'tid')))
  AND o.oprright IN (SELECT oid FROM pg_type WHERE typname IN ('int2', 'int4', 'int8', 'float4', 'float8', 'numeric', 'text', 'bool', 'date', 'timestamp', 'timestamptz', 'interval', 'time', 'jsonb', 'json', 'bytea', 'uuid', 'name', 'bpchar', 'varchar', 'char', 'oid', 'inet', 'cidr', 'tsvector', 'tsquery', '_text', 'macaddr', 'tid'))
ORDER BY 1, 2, 3, 4;
SELECT n.nspname as "Schema",
  o.oprname AS "Name",
  CASE WHEN o.oprkind='l' THEN NULL ELSE pg_catalog.format_type(o.oprleft, NULL) END AS "Left arg type",
  CASE WHEN o.oprkind='r' THEN NULL ELSE pg_catalog.format_type(o.oprright, NULL) END AS "Right arg type",
  pg_catalog.format_type(o.oprresult, NULL) AS "Result type",
  o.oprcode AS "Function",
  coalesce(pg_catalog.obj_description(o.oid, 'pg_operator'),
           pg_catalog.obj_description(o.oprcode, 'pg_proc')) AS "Description"
FROM pg_catalog.pg_operator o
     LEFT JOIN pg_catalog.pg_namespace n ON n.oid = o.oprnamespace
WHERE o.oprname OPERATOR(pg_catalog.~) '^(~)$' COLLATE pg_catalog.default
  AND pg_catalog.pg_operator_is_visible(o.oid)
  AND (o.oprkind = 'l' OR o.oprleft IN (SELECT oid FROM pg_type WHERE typname IN ('int2', 'int4', 'int8', 'float4', 'float8', 'numeric', 'text', 'bool', 'date', 'timestamp', 'timestamptz', 'interval', 'time', 'jsonb', 'json', 'bytea', 'uuid', 'name', 'bpchar', 'varchar', 'char', 'oid', 'inet', 'cidr', 'tsvector', 'tsquery', '_text', 'macaddr', 'tid')))
  AND o.oprright IN (SELECT oid FROM pg_type WHERE typname IN ('int2', 'int4', 'int8', 'float4', 'float8', 'numeric', 'text', 'bool', 'date', 'timestamp', 'timestamptz', 'interval', 'time', 'jsonb', 'json', 'bytea', 'uuid', 'name', 'bpchar', 'varchar', 'char', 'oid', 'inet', 'cidr', 'tsvector', 'tsquery', '_text', 'macaddr', 'tid'))
ORDER BY 1, 2, 3, 4;
SELECT n.nspname as "Schema",
  o.oprname AS "Name",
  CASE WHEN o.oprkind='l' THEN NULL ELSE pg_catalog.format_type(o.oprleft, NULL) END AS "Left arg type",
  CASE WHEN o.oprkind='r' THEN NULL ELSE pg_catalog.format_type(o.oprright, NULL) END AS "Right arg type",
  pg_catalog.format_type(o.oprresult, NULL) AS "Result type",
  o.oprcode AS "Function",
  coalesce(pg_catalog.obj_description(o.oid, 'pg_operator'),
           pg_catalog.obj_description(o.oprcode, 'pg_proc')) AS "Description"
FROM pg_catalog.pg_operator o
     LEFT JOIN pg_catalog.pg_namespace n ON n.oid = o.oprnamespace
WHERE o.oprname OPERATOR(pg_catalog.~) '^(!~)$' COLLATE pg_catalog.default
  AND pg_catalog.pg_operator_is_visible(o.oid)
  AND (o.oprkind = 'l' OR o.oprleft IN (SELECT oid FROM pg_type WHERE typname IN ('int2', 'int4', 'int8', 'float4', 'float8', 'numeric', 'text', 'bool', 'date', 'timestamp', 'timestamptz', 'interval', 'time', 'jsonb', 'json', 'bytea', 'uuid', 'name', 'bpchar', 'varchar', 'char', 'oid', 'inet', 'cidr', 'tsvector', 'tsquery', '_text', 'macaddr', 'tid')))
  AND o.oprright IN (SELECT oid FROM pg_type WHERE typname IN ('int2', 'int4', 'int8', 'float4', 'float8', 'numeric', 'text', 'bool', 'date', 'timestamp', 'timestamptz', 'interval', 'time', 'jsonb', 'json', 'bytea', 'uuid', 'name', 'bpchar', 'varchar', 'char', 'oid', 'inet', 'cidr', 'tsvector', 'tsquery', '_text', 'macaddr', 'tid'))
ORDER BY 1, 2, 3, 4;
SELECT n.nspname as "Schema",
  o.oprname AS "Name",
  CASE WHEN o.oprkind='l' THEN NULL ELSE pg_catalog.format_type(o.oprleft, NULL) END AS "Left arg type",
  CASE WHEN o.oprkind='r' THEN NULL ELSE pg_catalog.format_type(o.oprright, NULL) END AS "Right arg type",
  pg_catalog.format_type(o.oprresult, NULL) AS "Result type",
  o.oprcode AS "Function",
  coalesce(pg_catalog.obj_description(o.oid, 'pg_operator'),
           pg_catalog.obj_description(o.oprcode, 'pg_proc')) AS "Description"
FROM pg_catalog.pg_operator o
     LEFT JOIN pg_catalog.pg_namespace n ON n.oid = o.oprnamespace
WHERE o.oprname OPERATOR(pg_catalog.~) E'^(~\\*)$' COLLATE pg_catalog.default
  AND pg_catalog.pg_operator_is_visible(o.oid)
  AND (o.oprkind = 'l' OR o.oprleft IN (SELECT oid FROM pg_type WHERE typname IN ('int2', 'int4', 'int8', 'float4', 'float8', 'numeric', 'text', 'bool', 'date', 'timestamp', 'timestamptz', 'interval', 'time', 'jsonb', 'json', 'bytea', 'uuid', 'name', 'bpchar', 'varchar', 'char', 'oid', 'inet', 'cidr', 'tsvector', 'tsquery', '_text', 'macaddr', 'tid')))
  AND o.oprright IN (SELECT oid FROM pg_type WHERE typname IN ('int2', 'int4', 'int8', 'float4', 'float8', 'numeric', 'text', 'bool', 'date', 'timestamp', 'timestamptz', 'interval', 'time', 'jsonb', 'json', 'bytea', 'uuid', 'name', 'bpchar', 'varchar', 'char', 'oid', 'inet', 'cidr', 'tsvector', 'tsquery', '_text', 'macaddr', 'tid'))
ORDER BY 1, 2, 3, 4;
SELECT n.nspname as "Schema",
  o.oprname AS "Name",
  CASE WHEN o.oprkind='l' THEN NULL ELSE pg_catalog.format_type(o.oprleft, NULL) END AS "Left arg type",
  CASE WHEN o.oprkind='r' THEN NULL ELSE pg_catalog.format_type(o.oprright, NULL) END AS "Right arg type",
  pg_catalog.format_type(o.oprresult, NULL) AS "Result type",
  o.oprcode AS "Function",
  coalesce(pg_catalog.obj_description(o.oid, 'pg_operator'),
           pg_catalog.obj_description(o.oprcode, 'pg_proc')) AS "Description"
FROM pg_catalog.pg_operator o
     LEFT JOIN pg_catalog.pg_namespace n ON n.oid = o.oprnamespace
WHERE o.oprname OPERATOR(pg_catalog.~) E'^(!~\\*)$' COLLATE pg_catalog.default
  AND pg_catalog.pg_operator_is_visible(o.oid)
  AND (o.oprkind = 'l' OR o.oprleft IN (SELECT oid FROM pg_type WHERE typname IN ('int2', 'int4', 'int8', 'float4', 'float8', 'numeric', 'text', 'bool', 'date', 'timestamp', 'timestamptz', 'interval', 'time', 'jsonb', 'json', 'bytea', 'uuid', 'name', 'bpchar', 'varchar', 'char', 'oid', 'inet', 'cidr', 'tsvector', 'tsquery', '_text', 'macaddr', 'tid')))
  AND o.oprright IN (SELECT oid FROM pg_type WHERE typname IN ('int2', 'int4', 'int8', 'float4', 'float8', 'numeric', 'text', 'bool', 'date', 'timestamp', 'timestamptz', 'interval', 'time', 'jsonb', 'json', 'bytea', 'uuid', 'name', 'bpchar', 'varchar', 'char', 'oid', 'inet', 'cidr', 'tsvector', 'tsquery', '_text', 'macaddr', 'tid'))
ORDER BY 1, 2, 3, 4;
SELECT n.nspname as "Schema",
  o.oprname AS "Name",
  CASE WHEN o.oprkind='l' THEN NULL ELSE pg_catalog.format_type(o.oprleft, NULL) END AS "Left arg type",
  CASE WHEN o.oprkind='r' THEN NULL ELSE pg_catalog.format_type(o.oprright, NULL) END AS "Right arg type",
  pg_catalog.format_type(o.oprresult, NULL) AS "Result type",
  o.oprcode AS "Function",
  coalesce(pg_catalog.obj_description(o.oid, 'pg_operator'),
           pg_catalog.obj_description(o.oprcode, 'pg_proc')) AS "Description"
FROM pg_catalog.pg_operator o
     LEFT JOIN pg_catalog.pg_namespace n ON n.oid = o.oprnamespace
WHERE o.oprname OPERATOR(pg_catalog.~) '^(@@)$' COLLATE pg_catalog.default
  AND pg_catalog.pg_operator_is_visible(o.oid)
  AND (o.oprkind = 'l' OR o.oprleft IN (SELECT oid FROM pg_type WHERE typname IN ('int2', 'int4', 'int8', 'float4', 'float8', 'numeric', 'text', 'bool', 'date', 'timestamp', 'timestamptz', 'interval', 'time', 'jsonb', 'json', 'bytea', 'uuid', 'name', 'bpchar', 'varchar', 'char', 'oid', 'inet', 'cidr', 'tsvector', 'tsquery', '_text', 'macaddr', 'tid')))
  AND o.oprright IN (SELECT oid FROM pg_type WHERE typname IN ('int2', 'int4', 'int8', 'float4', 'float8', 'numeric', 'text', 'bool', 'date', 'timestamp', 'timestamptz', 'interval', 'time', 'jsonb', 'json', 'bytea', 'uuid', 'name', 'bpchar', 'varchar', 'char', 'oid', 'inet', 'cidr', 'tsvector', 'tsquery', '_text', 'macaddr', 'tid'))
ORDER BY 1, 2, 3, 4;
SELECT n.nspname as "Schema",
  o.oprname AS "Name",
  CASE WHEN o.oprkind='l' THEN NULL ELSE pg_catalog.format_type(o.oprleft, NULL) END AS "Left arg type",
  CASE WHEN o.oprkind='r' THEN NULL ELSE pg_catalog.format_type(o.oprright, NULL) END AS "Right arg type",
  pg_catalog.format_type(o.oprresult, NULL) AS "Result type",
  o.oprcode AS "Function",
  coalesce(pg_catalog.obj_description(o.oid, 'pg_operator'),
           pg_catalog.obj_description(o.oprcode, 'pg_proc')) AS "Description"
FROM pg_catalog.pg_operator o
     LEFT JOIN pg_catalog.pg_namespace n ON n.oid = o.oprnamespace
WHERE o.oprname OPERATOR(pg_catalog.~) '^(&&)$' COLLATE pg_catalog.default
  AND pg_catalog.pg_operator_is_visible(o.oid)
  AND (o.oprkind = 'l' OR o.oprleft IN (SELECT oid FROM pg_type WHERE typname IN ('int2', 'int4', 'int8', 'float4', 'float8', 'numeric', 'text', 'bool', 'date', 'timestamp', 'timestamptz', 'interval', 'time', 'jsonb', 'json', 'bytea', 'uuid', 'name', 'bpchar', 'varchar', 'char', 'oid', 'inet', 'cidr', 'tsvector', 'tsquery', '_text', 'macaddr', 'tid')))
  AND o.oprright IN (SELECT oid FROM pg_type WHERE typname IN ('int2', 'int4', 'int8', 'float4', 'float8', 'numeric', 'text', 'bool', 'date', 'timestamp', 'timestamptz', 'interval', 'time', 'jsonb', 'json', 'bytea', 'uuid', 'name', 'bpchar', 'varchar', 'char', 'oid', 'inet', 'cidr', 'tsvector', 'tsquery', '_text', 'macaddr', 'tid'))
ORDER BY 1, 2, 3, 4;
SELECT n.nspname as "Schema",
  o.oprname AS "Name",
  CASE WHEN o.oprkind='l' THEN NULL ELSE pg_catalog.format_type(o.oprleft, NULL) END AS "Left arg type",
  CASE WHEN o.oprkind='r' THEN NULL ELSE pg_catalog.format_type(o.oprright, NULL) END AS "Right arg type",
  pg_catalog.format_type(o.oprresult, NULL) AS "Result type",
  o.oprcode AS "Function",
  coalesce(pg_catalog.obj_description(o.oid, 'pg_operator'),
           pg_catalog.obj_description(o.oprcode, 'pg_proc')) AS "Description"
FROM pg_catalog.pg_operator o
     LEFT JOIN pg_catalog.pg_namespace n ON n.oid = o.oprnamespace
WHERE o.oprname OPERATOR(pg_catalog.~) '^(<->)$' COLLATE pg_catalog.default
  AND pg_catalog.pg_operator_is_visible(o.oid)
  AND (o.oprkind = 'l' OR o.oprleft IN (SELECT oid FROM pg_type WHERE typname IN ('int2', 'int4', 'int8', 'float4', 'float8', 'numeric', 'text', 'bool', 'date', 'timestamp', 'timestamptz', 'interval', 'time', 'jsonb', 'json', 'bytea', 'uuid', 'name', 'bpchar', 'varchar', 'char', 'oid', 'inet', 'cidr', 'tsvector', 'tsquery', '_text', 'macaddr', 'tid')))
  AND o.oprright IN (SELECT oid FROM pg_type WHERE typname IN ('int2', 'int4', 'int8', 'float4', 'float8', 'numeric', 'text', 'bool', 'date', 'timestamp', 'timestamptz', 'interval', 'time', 'jsonb', 'json', 'bytea', 'uuid', 'name', 'bpchar', 'varchar', 'char', 'oid', 'inet', 'cidr', 'tsvector', 'tsquery', '_text', 'macaddr', 'tid'))
ORDER BY 1, 2, 3, 4;
SELECT n.nspname as "Schema",
  o.oprname AS "Name",
  CASE WHEN o.oprkind='l' THEN NULL ELSE pg_catalog.format_type(o.oprleft, NULL) END AS "Left arg type",
  CASE WHEN o.oprkind='r' THEN NULL ELSE pg_catalog.format_type(o.oprright, NULL) END AS "Right arg type",
  pg_catalog.format_type(o.oprresult, NULL) AS "Result type",
  o.oprcode AS "Function",
  coalesce(pg_catalog.obj_description(o.oid, 'pg_operator'),
           pg_catalog.obj_description(o.oprcode, 'pg_proc')) AS "Description"
FROM pg_catalog.pg_operator o
     LEFT JOIN pg_catalog.pg_namespace n ON n.oid = o.oprnamespace
WHERE o.oprname OPERATOR(pg_catalog.~) '^(!!)$' COLLATE pg_catalog.default
  AND pg_catalog.pg_operator_is_visible(o.oid)
  AND (o.oprkind = 'l' OR o.oprleft IN (SELECT oid FROM pg_type WHERE typname IN ('int2', 'int4', 'int8', 'float4', 'float8', 'numeric', 'text', 'bool', 'date', 'timestamp', 'timestamptz', 'interval', 'time', 'jsonb', 'json', 'bytea', 'uuid', 'name', 'bpchar', 'varchar', 'char', 'oid', 'inet', 'cidr', 'tsvector', 'tsquery', '_text', 'macaddr', 'tid')))
  AND o.oprright IN (SELECT oid FROM pg_type WHERE typname IN ('int2', 'int4', 'int8', 'float4', 'float8', 'numeric', 'text', 'bool', 'date', 'timestamp', 'timestamptz', 'interval', 'time', 'jsonb', 'json', 'bytea', 'uuid', 'name', 'bpchar', 'varchar', 'char', 'oid', 'inet', 'cidr', 'tsvector', 'tsquery', '_text', 'macaddr', 'tid'))
ORDER BY 1, 2, 3, 4;
-- Every pg_operator column over RustyDB's types, but for the operators RustyDB lacks: LIKE's
-- ~~ family, the text_pattern_ops ~<~ family, prefix @ |/ ||/, ^@, @@@, tsquery @> and <@.
SELECT o.oid, o.oprname, o.oprnamespace::regnamespace, o.oprkind, o.oprcanmerge, o.oprcanhash, o.oprleft::regtype, o.oprright::regtype, o.oprresult::regtype, o.oprcom, o.oprnegate, o.oprcode, o.oprrest, o.oprjoin, obj_description(o.oid, 'pg_operator')
FROM pg_operator o
WHERE (o.oprleft = 0 OR o.oprleft IN (SELECT oid FROM pg_type WHERE typname IN ('int2', 'int4', 'int8', 'float4', 'float8', 'numeric', 'text', 'bool', 'date', 'timestamp', 'timestamptz', 'interval', 'time', 'jsonb', 'json', 'bytea', 'uuid', 'name', 'bpchar', 'varchar', 'char', 'oid', 'inet', 'cidr', 'tsvector', 'tsquery', '_text', 'macaddr', 'tid')))
  AND o.oprright IN (SELECT oid FROM pg_type WHERE typname IN ('int2', 'int4', 'int8', 'float4', 'float8', 'numeric', 'text', 'bool', 'date', 'timestamp', 'timestamptz', 'interval', 'time', 'jsonb', 'json', 'bytea', 'uuid', 'name', 'bpchar', 'varchar', 'char', 'oid', 'inet', 'cidr', 'tsvector', 'tsquery', '_text', 'macaddr', 'tid'))
  AND o.oprname NOT IN ('~~', '!~~', '~~*', '!~~*', '~<~', '~<=~', '~>=~', '~>~', '@', '|/', '||/', '^@', '@@@')
  AND NOT (o.oprname IN ('@>', '<@') AND o.oprleft = 'tsquery'::regtype)
ORDER BY o.oid;
-- Commutators and negators name rows of pg_operator.
SELECT o.oprname, c.oprname AS com, n.oprname AS neg FROM pg_operator o LEFT JOIN pg_operator c ON c.oid = o.oprcom LEFT JOIN pg_operator n ON n.oid = o.oprnegate WHERE o.oprleft = 'int4'::regtype AND o.oprright = 'int8'::regtype ORDER BY 1;
-- pg_operator_is_visible: true for a built-in operator, NULL for no operator.
SELECT pg_operator_is_visible(96), pg_operator_is_visible(551), pg_operator_is_visible(0), pg_operator_is_visible(NULL);
SELECT oid, oprname FROM pg_operator WHERE oprname = '=' AND oprleft = 'int4'::regtype AND oprright = 'int4'::regtype AND pg_operator_is_visible(oid);
SELECT count(*) FROM pg_description WHERE classoid = 'pg_operator'::regclass AND objoid = 96 AND description = 'equal';
SELECT format_type(0, NULL), format_type(oprleft, NULL) FROM pg_operator WHERE oid = 558;
-- \dC over types RustyDB has all the casts of.
SELECT pg_catalog.format_type(castsource, NULL) AS "Source type",
       pg_catalog.format_type(casttarget, NULL) AS "Target type",
       CASE WHEN c.castmethod = 'b' THEN '(binary coercible)'
            WHEN c.castmethod = 'i' THEN '(with inout)'
            ELSE p.proname
       END AS "Function",
       CASE WHEN c.castcontext = 'e' THEN 'no'
            WHEN c.castcontext = 'a' THEN 'in assignment'
            ELSE 'yes'
       END AS "Implicit?"
FROM pg_catalog.pg_cast c LEFT JOIN pg_catalog.pg_proc p
     ON c.castfunc = p.oid
     LEFT JOIN pg_catalog.pg_type ts
     ON c.castsource = ts.oid
     LEFT JOIN pg_catalog.pg_namespace ns
     ON ns.oid = ts.typnamespace
     LEFT JOIN pg_catalog.pg_type tt
     ON c.casttarget = tt.oid
     LEFT JOIN pg_catalog.pg_namespace nt
     ON nt.oid = tt.typnamespace
WHERE ( (true  AND (ts.typname OPERATOR(pg_catalog.~) '^(bool)$' COLLATE pg_catalog.default
        OR pg_catalog.format_type(ts.oid, NULL) OPERATOR(pg_catalog.~) '^(bool)$' COLLATE pg_catalog.default)
  AND pg_catalog.pg_type_is_visible(ts.oid)
) OR (true  AND (tt.typname OPERATOR(pg_catalog.~) '^(bool)$' COLLATE pg_catalog.default
        OR pg_catalog.format_type(tt.oid, NULL) OPERATOR(pg_catalog.~) '^(bool)$' COLLATE pg_catalog.default)
  AND pg_catalog.pg_type_is_visible(tt.oid)
) )
ORDER BY 1, 2;
SELECT pg_catalog.format_type(castsource, NULL) AS "Source type",
       pg_catalog.format_type(casttarget, NULL) AS "Target type",
       CASE WHEN c.castmethod = 'b' THEN '(binary coercible)'
            WHEN c.castmethod = 'i' THEN '(with inout)'
            ELSE p.proname
       END AS "Function",
       CASE WHEN c.castcontext = 'e' THEN 'no'
            WHEN c.castcontext = 'a' THEN 'in assignment'
            ELSE 'yes'
       END AS "Implicit?"
FROM pg_catalog.pg_cast c LEFT JOIN pg_catalog.pg_proc p
     ON c.castfunc = p.oid
     LEFT JOIN pg_catalog.pg_type ts
     ON c.castsource = ts.oid
     LEFT JOIN pg_catalog.pg_namespace ns
     ON ns.oid = ts.typnamespace
     LEFT JOIN pg_catalog.pg_type tt
     ON c.casttarget = tt.oid
     LEFT JOIN pg_catalog.pg_namespace nt
     ON nt.oid = tt.typnamespace
WHERE ( (true  AND (ts.typname OPERATOR(pg_catalog.~) '^(jsonb)$' COLLATE pg_catalog.default
        OR pg_catalog.format_type(ts.oid, NULL) OPERATOR(pg_catalog.~) '^(jsonb)$' COLLATE pg_catalog.default)
  AND pg_catalog.pg_type_is_visible(ts.oid)
) OR (true  AND (tt.typname OPERATOR(pg_catalog.~) '^(jsonb)$' COLLATE pg_catalog.default
        OR pg_catalog.format_type(tt.oid, NULL) OPERATOR(pg_catalog.~) '^(jsonb)$' COLLATE pg_catalog.default)
  AND pg_catalog.pg_type_is_visible(tt.oid)
) )
ORDER BY 1, 2;
SELECT pg_catalog.format_type(castsource, NULL) AS "Source type",
       pg_catalog.format_type(casttarget, NULL) AS "Target type",
       CASE WHEN c.castmethod = 'b' THEN '(binary coercible)'
            WHEN c.castmethod = 'i' THEN '(with inout)'
            ELSE p.proname
       END AS "Function",
       CASE WHEN c.castcontext = 'e' THEN 'no'
            WHEN c.castcontext = 'a' THEN 'in assignment'
            ELSE 'yes'
       END AS "Implicit?"
FROM pg_catalog.pg_cast c LEFT JOIN pg_catalog.pg_proc p
     ON c.castfunc = p.oid
     LEFT JOIN pg_catalog.pg_type ts
     ON c.castsource = ts.oid
     LEFT JOIN pg_catalog.pg_namespace ns
     ON ns.oid = ts.typnamespace
     LEFT JOIN pg_catalog.pg_type tt
     ON c.casttarget = tt.oid
     LEFT JOIN pg_catalog.pg_namespace nt
     ON nt.oid = tt.typnamespace
WHERE ( (true  AND (ts.typname OPERATOR(pg_catalog.~) '^(json)$' COLLATE pg_catalog.default
        OR pg_catalog.format_type(ts.oid, NULL) OPERATOR(pg_catalog.~) '^(json)$' COLLATE pg_catalog.default)
  AND pg_catalog.pg_type_is_visible(ts.oid)
) OR (true  AND (tt.typname OPERATOR(pg_catalog.~) '^(json)$' COLLATE pg_catalog.default
        OR pg_catalog.format_type(tt.oid, NULL) OPERATOR(pg_catalog.~) '^(json)$' COLLATE pg_catalog.default)
  AND pg_catalog.pg_type_is_visible(tt.oid)
) )
ORDER BY 1, 2;
SELECT pg_catalog.format_type(castsource, NULL) AS "Source type",
       pg_catalog.format_type(casttarget, NULL) AS "Target type",
       CASE WHEN c.castmethod = 'b' THEN '(binary coercible)'
            WHEN c.castmethod = 'i' THEN '(with inout)'
            ELSE p.proname
       END AS "Function",
       CASE WHEN c.castcontext = 'e' THEN 'no'
            WHEN c.castcontext = 'a' THEN 'in assignment'
            ELSE 'yes'
       END AS "Implicit?"
FROM pg_catalog.pg_cast c LEFT JOIN pg_catalog.pg_proc p
     ON c.castfunc = p.oid
     LEFT JOIN pg_catalog.pg_type ts
     ON c.castsource = ts.oid
     LEFT JOIN pg_catalog.pg_namespace ns
     ON ns.oid = ts.typnamespace
     LEFT JOIN pg_catalog.pg_type tt
     ON c.casttarget = tt.oid
     LEFT JOIN pg_catalog.pg_namespace nt
     ON nt.oid = tt.typnamespace
WHERE ( (true  AND (ts.typname OPERATOR(pg_catalog.~) '^(date)$' COLLATE pg_catalog.default
        OR pg_catalog.format_type(ts.oid, NULL) OPERATOR(pg_catalog.~) '^(date)$' COLLATE pg_catalog.default)
  AND pg_catalog.pg_type_is_visible(ts.oid)
) OR (true  AND (tt.typname OPERATOR(pg_catalog.~) '^(date)$' COLLATE pg_catalog.default
        OR pg_catalog.format_type(tt.oid, NULL) OPERATOR(pg_catalog.~) '^(date)$' COLLATE pg_catalog.default)
  AND pg_catalog.pg_type_is_visible(tt.oid)
) )
ORDER BY 1, 2;
SELECT pg_catalog.format_type(castsource, NULL) AS "Source type",
       pg_catalog.format_type(casttarget, NULL) AS "Target type",
       CASE WHEN c.castmethod = 'b' THEN '(binary coercible)'
            WHEN c.castmethod = 'i' THEN '(with inout)'
            ELSE p.proname
       END AS "Function",
       CASE WHEN c.castcontext = 'e' THEN 'no'
            WHEN c.castcontext = 'a' THEN 'in assignment'
            ELSE 'yes'
       END AS "Implicit?"
FROM pg_catalog.pg_cast c LEFT JOIN pg_catalog.pg_proc p
     ON c.castfunc = p.oid
     LEFT JOIN pg_catalog.pg_type ts
     ON c.castsource = ts.oid
     LEFT JOIN pg_catalog.pg_namespace ns
     ON ns.oid = ts.typnamespace
     LEFT JOIN pg_catalog.pg_type tt
     ON c.casttarget = tt.oid
     LEFT JOIN pg_catalog.pg_namespace nt
     ON nt.oid = tt.typnamespace
WHERE ( (true  AND (ts.typname OPERATOR(pg_catalog.~) '^(timestamp)$' COLLATE pg_catalog.default
        OR pg_catalog.format_type(ts.oid, NULL) OPERATOR(pg_catalog.~) '^(timestamp)$' COLLATE pg_catalog.default)
  AND pg_catalog.pg_type_is_visible(ts.oid)
) OR (true  AND (tt.typname OPERATOR(pg_catalog.~) '^(timestamp)$' COLLATE pg_catalog.default
        OR pg_catalog.format_type(tt.oid, NULL) OPERATOR(pg_catalog.~) '^(timestamp)$' COLLATE pg_catalog.default)
  AND pg_catalog.pg_type_is_visible(tt.oid)
) )
ORDER BY 1, 2;
SELECT pg_catalog.format_type(castsource, NULL) AS "Source type",
       pg_catalog.format_type(casttarget, NULL) AS "Target type",
       CASE WHEN c.castmethod = 'b' THEN '(binary coercible)'
            WHEN c.castmethod = 'i' THEN '(with inout)'
            ELSE p.proname
       END AS "Function",
       CASE WHEN c.castcontext = 'e' THEN 'no'
            WHEN c.castcontext = 'a' THEN 'in assignment'
            ELSE 'yes'
       END AS "Implicit?"
FROM pg_catalog.pg_cast c LEFT JOIN pg_catalog.pg_proc p
     ON c.castfunc = p.oid
     LEFT JOIN pg_catalog.pg_type ts
     ON c.castsource = ts.oid
     LEFT JOIN pg_catalog.pg_namespace ns
     ON ns.oid = ts.typnamespace
     LEFT JOIN pg_catalog.pg_type tt
     ON c.casttarget = tt.oid
     LEFT JOIN pg_catalog.pg_namespace nt
     ON nt.oid = tt.typnamespace
WHERE ( (true  AND (ts.typname OPERATOR(pg_catalog.~) '^(interval)$' COLLATE pg_catalog.default
        OR pg_catalog.format_type(ts.oid, NULL) OPERATOR(pg_catalog.~) '^(interval)$' COLLATE pg_catalog.default)
  AND pg_catalog.pg_type_is_visible(ts.oid)
) OR (true  AND (tt.typname OPERATOR(pg_catalog.~) '^(interval)$' COLLATE pg_catalog.default
        OR pg_catalog.format_type(tt.oid, NULL) OPERATOR(pg_catalog.~) '^(interval)$' COLLATE pg_catalog.default)
  AND pg_catalog.pg_type_is_visible(tt.oid)
) )
ORDER BY 1, 2;
SELECT pg_catalog.format_type(castsource, NULL) AS "Source type",
       pg_catalog.format_type(casttarget, NULL) AS "Target type",
       CASE WHEN c.castmethod = 'b' THEN '(binary coercible)'
            WHEN c.castmethod = 'i' THEN '(with inout)'
            ELSE p.proname
       END AS "Function",
       CASE WHEN c.castcontext = 'e' THEN 'no'
            WHEN c.castcontext = 'a' THEN 'in assignment'
            ELSE 'yes'
       END AS "Implicit?"
FROM pg_catalog.pg_cast c LEFT JOIN pg_catalog.pg_proc p
     ON c.castfunc = p.oid
     LEFT JOIN pg_catalog.pg_type ts
     ON c.castsource = ts.oid
     LEFT JOIN pg_catalog.pg_namespace ns
     ON ns.oid = ts.typnamespace
     LEFT JOIN pg_catalog.pg_type tt
     ON c.casttarget = tt.oid
     LEFT JOIN pg_catalog.pg_namespace nt
     ON nt.oid = tt.typnamespace
WHERE ( (true  AND (ts.typname OPERATOR(pg_catalog.~) '^(float8)$' COLLATE pg_catalog.default
        OR pg_catalog.format_type(ts.oid, NULL) OPERATOR(pg_catalog.~) '^(float8)$' COLLATE pg_catalog.default)
  AND pg_catalog.pg_type_is_visible(ts.oid)
) OR (true  AND (tt.typname OPERATOR(pg_catalog.~) '^(float8)$' COLLATE pg_catalog.default
        OR pg_catalog.format_type(tt.oid, NULL) OPERATOR(pg_catalog.~) '^(float8)$' COLLATE pg_catalog.default)
  AND pg_catalog.pg_type_is_visible(tt.oid)
) )
ORDER BY 1, 2;
SELECT pg_catalog.format_type(castsource, NULL) AS "Source type",
       pg_catalog.format_type(casttarget, NULL) AS "Target type",
       CASE WHEN c.castmethod = 'b' THEN '(binary coercible)'
            WHEN c.castmethod = 'i' THEN '(with inout)'
            ELSE p.proname
       END AS "Function",
       CASE WHEN c.castcontext = 'e' THEN 'no'
            WHEN c.castcontext = 'a' THEN 'in assignment'
            ELSE 'yes'
       END AS "Implicit?"
FROM pg_catalog.pg_cast c LEFT JOIN pg_catalog.pg_proc p
     ON c.castfunc = p.oid
     LEFT JOIN pg_catalog.pg_type ts
     ON c.castsource = ts.oid
     LEFT JOIN pg_catalog.pg_namespace ns
     ON ns.oid = ts.typnamespace
     LEFT JOIN pg_catalog.pg_type tt
     ON c.casttarget = tt.oid
     LEFT JOIN pg_catalog.pg_namespace nt
     ON nt.oid = tt.typnamespace
WHERE ( (true  AND (ts.typname OPERATOR(pg_catalog.~) '^(float4)$' COLLATE pg_catalog.default
        OR pg_catalog.format_type(ts.oid, NULL) OPERATOR(pg_catalog.~) '^(float4)$' COLLATE pg_catalog.default)
  AND pg_catalog.pg_type_is_visible(ts.oid)
) OR (true  AND (tt.typname OPERATOR(pg_catalog.~) '^(float4)$' COLLATE pg_catalog.default
        OR pg_catalog.format_type(tt.oid, NULL) OPERATOR(pg_catalog.~) '^(float4)$' COLLATE pg_catalog.default)
  AND pg_catalog.pg_type_is_visible(tt.oid)
) )
ORDER BY 1, 2;
SELECT pg_catalog.format_type(castsource, NULL) AS "Source type",
       pg_catalog.format_type(casttarget, NULL) AS "Target type",
       CASE WHEN c.castmethod = 'b' THEN '(binary coercible)'
            WHEN c.castmethod = 'i' THEN '(with inout)'
            ELSE p.proname
       END AS "Function",
       CASE WHEN c.castcontext = 'e' THEN 'no'
            WHEN c.castcontext = 'a' THEN 'in assignment'
            ELSE 'yes'
       END AS "Implicit?"
FROM pg_catalog.pg_cast c LEFT JOIN pg_catalog.pg_proc p
     ON c.castfunc = p.oid
     LEFT JOIN pg_catalog.pg_type ts
     ON c.castsource = ts.oid
     LEFT JOIN pg_catalog.pg_namespace ns
     ON ns.oid = ts.typnamespace
     LEFT JOIN pg_catalog.pg_type tt
     ON c.casttarget = tt.oid
     LEFT JOIN pg_catalog.pg_namespace nt
     ON nt.oid = tt.typnamespace
WHERE ( (true  AND (ts.typname OPERATOR(pg_catalog.~) '^(inet)$' COLLATE pg_catalog.default
        OR pg_catalog.format_type(ts.oid, NULL) OPERATOR(pg_catalog.~) '^(inet)$' COLLATE pg_catalog.default)
  AND pg_catalog.pg_type_is_visible(ts.oid)
) OR (true  AND (tt.typname OPERATOR(pg_catalog.~) '^(inet)$' COLLATE pg_catalog.default
        OR pg_catalog.format_type(tt.oid, NULL) OPERATOR(pg_catalog.~) '^(inet)$' COLLATE pg_catalog.default)
  AND pg_catalog.pg_type_is_visible(tt.oid)
) )
ORDER BY 1, 2;
SELECT pg_catalog.format_type(castsource, NULL) AS "Source type",
       pg_catalog.format_type(casttarget, NULL) AS "Target type",
       CASE WHEN c.castmethod = 'b' THEN '(binary coercible)'
            WHEN c.castmethod = 'i' THEN '(with inout)'
            ELSE p.proname
       END AS "Function",
       CASE WHEN c.castcontext = 'e' THEN 'no'
            WHEN c.castcontext = 'a' THEN 'in assignment'
            ELSE 'yes'
       END AS "Implicit?"
FROM pg_catalog.pg_cast c LEFT JOIN pg_catalog.pg_proc p
     ON c.castfunc = p.oid
     LEFT JOIN pg_catalog.pg_type ts
     ON c.castsource = ts.oid
     LEFT JOIN pg_catalog.pg_namespace ns
     ON ns.oid = ts.typnamespace
     LEFT JOIN pg_catalog.pg_type tt
     ON c.casttarget = tt.oid
     LEFT JOIN pg_catalog.pg_namespace nt
     ON nt.oid = tt.typnamespace
WHERE ( (true  AND (ts.typname OPERATOR(pg_catalog.~) '^(name)$' COLLATE pg_catalog.default
        OR pg_catalog.format_type(ts.oid, NULL) OPERATOR(pg_catalog.~) '^(name)$' COLLATE pg_catalog.default)
  AND pg_catalog.pg_type_is_visible(ts.oid)
) OR (true  AND (tt.typname OPERATOR(pg_catalog.~) '^(name)$' COLLATE pg_catalog.default
        OR pg_catalog.format_type(tt.oid, NULL) OPERATOR(pg_catalog.~) '^(name)$' COLLATE pg_catalog.default)
  AND pg_catalog.pg_type_is_visible(tt.oid)
) )
ORDER BY 1, 2;
SELECT pg_catalog.format_type(castsource, NULL) AS "Source type",
       pg_catalog.format_type(casttarget, NULL) AS "Target type",
       CASE WHEN c.castmethod = 'b' THEN '(binary coercible)'
            WHEN c.castmethod = 'i' THEN '(with inout)'
            ELSE p.proname
       END AS "Function",
       CASE WHEN c.castcontext = 'e' THEN 'no'
            WHEN c.castcontext = 'a' THEN 'in assignment'
            ELSE 'yes'
       END AS "Implicit?"
FROM pg_catalog.pg_cast c LEFT JOIN pg_catalog.pg_proc p
     ON c.castfunc = p.oid
     LEFT JOIN pg_catalog.pg_type ts
     ON c.castsource = ts.oid
     LEFT JOIN pg_catalog.pg_namespace ns
     ON ns.oid = ts.typnamespace
     LEFT JOIN pg_catalog.pg_type tt
     ON c.casttarget = tt.oid
     LEFT JOIN pg_catalog.pg_namespace nt
     ON nt.oid = tt.typnamespace
WHERE ( (true  AND (ts.typname OPERATOR(pg_catalog.~) '^(char)$' COLLATE pg_catalog.default
        OR pg_catalog.format_type(ts.oid, NULL) OPERATOR(pg_catalog.~) '^(char)$' COLLATE pg_catalog.default)
  AND pg_catalog.pg_type_is_visible(ts.oid)
) OR (true  AND (tt.typname OPERATOR(pg_catalog.~) '^(char)$' COLLATE pg_catalog.default
        OR pg_catalog.format_type(tt.oid, NULL) OPERATOR(pg_catalog.~) '^(char)$' COLLATE pg_catalog.default)
  AND pg_catalog.pg_type_is_visible(tt.oid)
) )
ORDER BY 1, 2;
SELECT pg_catalog.format_type(castsource, NULL) AS "Source type",
       pg_catalog.format_type(casttarget, NULL) AS "Target type",
       CASE WHEN c.castmethod = 'b' THEN '(binary coercible)'
            WHEN c.castmethod = 'i' THEN '(with inout)'
            ELSE p.proname
       END AS "Function",
       CASE WHEN c.castcontext = 'e' THEN 'no'
            WHEN c.castcontext = 'a' THEN 'in assignment'
            ELSE 'yes'
       END AS "Implicit?"
FROM pg_catalog.pg_cast c LEFT JOIN pg_catalog.pg_proc p
     ON c.castfunc = p.oid
     LEFT JOIN pg_catalog.pg_type ts
     ON c.castsource = ts.oid
     LEFT JOIN pg_catalog.pg_namespace ns
     ON ns.oid = ts.typnamespace
     LEFT JOIN pg_catalog.pg_type tt
     ON c.casttarget = tt.oid
     LEFT JOIN pg_catalog.pg_namespace nt
     ON nt.oid = tt.typnamespace
WHERE ( (true  AND (ts.typname OPERATOR(pg_catalog.~) '^(uuid)$' COLLATE pg_catalog.default
        OR pg_catalog.format_type(ts.oid, NULL) OPERATOR(pg_catalog.~) '^(uuid)$' COLLATE pg_catalog.default)
  AND pg_catalog.pg_type_is_visible(ts.oid)
) OR (true  AND (tt.typname OPERATOR(pg_catalog.~) '^(uuid)$' COLLATE pg_catalog.default
        OR pg_catalog.format_type(tt.oid, NULL) OPERATOR(pg_catalog.~) '^(uuid)$' COLLATE pg_catalog.default)
  AND pg_catalog.pg_type_is_visible(tt.oid)
) )
ORDER BY 1, 2;
SELECT pg_catalog.format_type(castsource, NULL) AS "Source type",
       pg_catalog.format_type(casttarget, NULL) AS "Target type",
       CASE WHEN c.castmethod = 'b' THEN '(binary coercible)'
            WHEN c.castmethod = 'i' THEN '(with inout)'
            ELSE p.proname
       END AS "Function",
       CASE WHEN c.castcontext = 'e' THEN 'no'
            WHEN c.castcontext = 'a' THEN 'in assignment'
            ELSE 'yes'
       END AS "Implicit?",
       d.description AS "Description"
FROM pg_catalog.pg_cast c LEFT JOIN pg_catalog.pg_proc p
     ON c.castfunc = p.oid
     LEFT JOIN pg_catalog.pg_type ts
     ON c.castsource = ts.oid
     LEFT JOIN pg_catalog.pg_namespace ns
     ON ns.oid = ts.typnamespace
     LEFT JOIN pg_catalog.pg_type tt
     ON c.casttarget = tt.oid
     LEFT JOIN pg_catalog.pg_namespace nt
     ON nt.oid = tt.typnamespace
     LEFT JOIN pg_catalog.pg_description d
     ON d.classoid = c.tableoid AND d.objoid = c.oid AND d.objsubid = 0
WHERE ( (true  AND (ts.typname OPERATOR(pg_catalog.~) '^(date)$' COLLATE pg_catalog.default
        OR pg_catalog.format_type(ts.oid, NULL) OPERATOR(pg_catalog.~) '^(date)$' COLLATE pg_catalog.default)
  AND pg_catalog.pg_type_is_visible(ts.oid)
) OR (true  AND (tt.typname OPERATOR(pg_catalog.~) '^(date)$' COLLATE pg_catalog.default
        OR pg_catalog.format_type(tt.oid, NULL) OPERATOR(pg_catalog.~) '^(date)$' COLLATE pg_catalog.default)
  AND pg_catalog.pg_type_is_visible(tt.oid)
) )
ORDER BY 1, 2;
-- pg_cast between RustyDB's types, with the cast function's name (castfunc's OID differs for
-- text(inet) and cidr(inet), which are built-in functions with RustyDB's OIDs).
SELECT c.oid, c.castsource::regtype, c.casttarget::regtype, p.proname, c.castcontext, c.castmethod
FROM pg_cast c LEFT JOIN pg_proc p ON p.oid = c.castfunc
WHERE c.castsource IN (SELECT oid FROM pg_type WHERE typname IN ('int2', 'int4', 'int8', 'float4', 'float8', 'numeric', 'text', 'bool', 'date', 'timestamp', 'timestamptz', 'interval', 'time', 'jsonb', 'json', 'bytea', 'uuid', 'name', 'bpchar', 'varchar', 'char', 'oid', 'inet', 'cidr', 'tsvector', 'tsquery', '_text', 'macaddr', 'tid'))
  AND c.casttarget IN (SELECT oid FROM pg_type WHERE typname IN ('int2', 'int4', 'int8', 'float4', 'float8', 'numeric', 'text', 'bool', 'date', 'timestamp', 'timestamptz', 'interval', 'time', 'jsonb', 'json', 'bytea', 'uuid', 'name', 'bpchar', 'varchar', 'char', 'oid', 'inet', 'cidr', 'tsvector', 'tsquery', '_text', 'macaddr', 'tid'))
ORDER BY c.oid;
SELECT c.castsource::regtype, c.casttarget::regtype, c.castfunc, c.castcontext FROM pg_cast c WHERE c.castfunc IN (480, 481, 1781) ORDER BY 1, 2;
SELECT p.proname, p.pronargs, p.prorettype::regtype, p.proargtypes::text FROM pg_proc p WHERE p.oid IN (480, 481, 1781) ORDER BY p.oid;
-- \dL: plpgsql, the one language with a call handler.
SELECT l.lanname AS "Name",
       l.lanpltrusted AS "Trusted",
       d.description AS "Description"
FROM pg_catalog.pg_language l
LEFT JOIN pg_catalog.pg_description d
  ON d.classoid = l.tableoid AND d.objoid = l.oid
  AND d.objsubid = 0
WHERE l.lanplcallfoid != 0
ORDER BY 1;
SELECT lanname, lanispl, lanpltrusted, lanplcallfoid <> 0 AS handler, obj_description(oid, 'pg_language') FROM pg_language ORDER BY oid;
-- \dF, \dFp, \dFd, \dFt for the configurations RustyDB has (PostgreSQL lists 29).
SELECT
   n.nspname as "Schema",
   c.cfgname as "Name",
   pg_catalog.obj_description(c.oid, 'pg_ts_config') as "Description"
FROM pg_catalog.pg_ts_config c
LEFT JOIN pg_catalog.pg_namespace n ON n.oid = c.cfgnamespace
WHERE c.cfgname OPERATOR(pg_catalog.~) '^(english)$' COLLATE pg_catalog.default
  AND pg_catalog.pg_ts_config_is_visible(c.oid)
ORDER BY 1, 2;
SELECT
   n.nspname as "Schema",
   c.cfgname as "Name",
   pg_catalog.obj_description(c.oid, 'pg_ts_config') as "Description"
FROM pg_catalog.pg_ts_config c
LEFT JOIN pg_catalog.pg_namespace n ON n.oid = c.cfgnamespace
WHERE c.cfgname OPERATOR(pg_catalog.~) '^(simple)$' COLLATE pg_catalog.default
  AND pg_catalog.pg_ts_config_is_visible(c.oid)
ORDER BY 1, 2;
SELECT
  n.nspname as "Schema",
  p.prsname as "Name",
  pg_catalog.obj_description(p.oid, 'pg_ts_parser') as "Description"
FROM pg_catalog.pg_ts_parser p
LEFT JOIN pg_catalog.pg_namespace n ON n.oid = p.prsnamespace
WHERE pg_catalog.pg_ts_parser_is_visible(p.oid)
ORDER BY 1, 2;
SELECT
  n.nspname as "Schema",
  d.dictname as "Name",
  pg_catalog.obj_description(d.oid, 'pg_ts_dict') as "Description"
FROM pg_catalog.pg_ts_dict d
LEFT JOIN pg_catalog.pg_namespace n ON n.oid = d.dictnamespace
WHERE d.dictname OPERATOR(pg_catalog.~) '^(simple)$' COLLATE pg_catalog.default
  AND pg_catalog.pg_ts_dict_is_visible(d.oid)
ORDER BY 1, 2;
SELECT
  n.nspname as "Schema",
  d.dictname as "Name",
  pg_catalog.obj_description(d.oid, 'pg_ts_dict') as "Description"
FROM pg_catalog.pg_ts_dict d
LEFT JOIN pg_catalog.pg_namespace n ON n.oid = d.dictnamespace
WHERE d.dictname OPERATOR(pg_catalog.~) '^(english.*)$' COLLATE pg_catalog.default
  AND pg_catalog.pg_ts_dict_is_visible(d.oid)
ORDER BY 1, 2;
SELECT
  n.nspname AS "Schema",
  t.tmplname AS "Name",
  pg_catalog.obj_description(t.oid, 'pg_ts_template') AS "Description"
FROM pg_catalog.pg_ts_template t
LEFT JOIN pg_catalog.pg_namespace n ON n.oid = t.tmplnamespace
WHERE t.tmplname OPERATOR(pg_catalog.~) '^(snowball)$' COLLATE pg_catalog.default
  AND pg_catalog.pg_ts_template_is_visible(t.oid)
ORDER BY 1, 2;
SELECT
  n.nspname AS "Schema",
  t.tmplname AS "Name",
  pg_catalog.obj_description(t.oid, 'pg_ts_template') AS "Description"
FROM pg_catalog.pg_ts_template t
LEFT JOIN pg_catalog.pg_namespace n ON n.oid = t.tmplnamespace
WHERE t.tmplname OPERATOR(pg_catalog.~) '^(simple)$' COLLATE pg_catalog.default
  AND pg_catalog.pg_ts_template_is_visible(t.oid)
ORDER BY 1, 2;
SELECT cfgname, cfgnamespace::regnamespace, cfgparser FROM pg_ts_config WHERE cfgname IN ('simple', 'english') ORDER BY oid;
SELECT d.dictname, t.tmplname, d.dictinitoption FROM pg_ts_dict d JOIN pg_ts_template t ON t.oid = d.dicttemplate WHERE d.dictname IN ('simple', 'english_stem') ORDER BY d.oid;
SELECT pg_ts_config_is_visible(3748), pg_ts_config_is_visible(13164), pg_ts_parser_is_visible(3722), pg_ts_dict_is_visible(13163), pg_ts_template_is_visible(13150), pg_ts_config_is_visible(1);
-- Operator classes and families: relations clients can read.
SELECT count(*) >= 0 FROM pg_opclass;
SELECT count(*) >= 0 FROM pg_opfamily;
SELECT count(*) >= 0 FROM pg_amop;
