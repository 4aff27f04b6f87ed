-- Run on the restored databases and compared, statement by statement, with PostgreSQL's answers.
SELECT * FROM people ORDER BY id;
SELECT id, person_id, amount, tags, doc, token, raw, placed, ticket FROM orders ORDER BY id;
SELECT * FROM app."Odd Names" ORDER BY "Key";
SELECT * FROM person_totals ORDER BY id;
SELECT * FROM person_names ORDER BY id;
SELECT add_one(41), app.greet('you'), app.greet('you', '?');
SELECT table_schema, table_name, column_name, ordinal_position, data_type, column_default, is_nullable, is_identity, identity_generation FROM information_schema.columns WHERE table_schema IN ('public', 'app') ORDER BY table_schema, table_name, ordinal_position;
SELECT conname, contype, pg_get_constraintdef(oid), condeferrable, condeferred FROM pg_constraint WHERE connamespace = 'public'::regnamespace ORDER BY conname;
SELECT indexname, indexdef FROM pg_indexes WHERE schemaname IN ('public', 'app') ORDER BY indexname;
SELECT relname, relkind, pg_get_userbyid(relowner), relacl::text FROM pg_class WHERE relnamespace IN ('public'::regnamespace, 'app'::regnamespace) AND relkind IN ('r', 'v', 'm', 'S') ORDER BY relname;
SELECT nspname, pg_get_userbyid(nspowner), nspacl::text FROM pg_namespace WHERE nspname = 'app';
SELECT attname, attacl::text FROM pg_attribute WHERE attrelid = 'people'::regclass AND attacl IS NOT NULL;
SELECT obj_description('people'::regclass, 'pg_class'), col_description('people'::regclass, 2), obj_description('app'::regnamespace, 'pg_namespace');
SELECT enumlabel FROM pg_enum WHERE enumtypid = 'mood'::regtype ORDER BY enumsortorder;
SELECT sequencename, start_value, increment_by FROM pg_sequences ORDER BY sequencename;
SELECT last_value, is_called FROM standalone;
SELECT last_value, is_called FROM people_id_seq;
SELECT pg_get_serial_sequence('people', 'id'), pg_get_serial_sequence('orders', 'id'), pg_get_serial_sequence('app."Odd Names"', 'Key');
