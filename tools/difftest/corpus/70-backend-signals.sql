-- pg_cancel_backend and pg_terminate_backend: a PID no session has gives false (and a WARNING), NULL gives NULL, a negative timeout is 22003
SELECT pg_cancel_backend(0) AS cancelled, pg_terminate_backend(0) AS terminated;
SELECT pg_terminate_backend(1, 0);
SELECT pg_cancel_backend(NULL), pg_terminate_backend(NULL), pg_terminate_backend(0, NULL);
SELECT pg_terminate_backend(0, -1);
SELECT pg_typeof(pg_cancel_backend(0));
-- pg_stat_database: its columns and types, the shared catalogs' row, and this database's counters
SELECT 'pg_stat_database'::regclass::oid;
SELECT * FROM pg_stat_database WHERE false;
SELECT datid, datname, checksum_failures, checksum_last_failure, conflicts, blk_read_time, blk_write_time FROM pg_stat_database WHERE datid = 0;
SELECT numbackends >= 1 AS connected, xact_commit > 0 AS committed, sessions >= 1 AS sessions, session_time > 0 AS connected_time, checksum_failures IS NULL AS no_checksums, blk_read_time = 0 AND blk_write_time = 0 AS no_io_timing, conflicts FROM pg_stat_database WHERE datname = current_database();
-- pg_stat_bgwriter: its columns and types; pg_stat_reset_shared's targets
SELECT 'pg_stat_bgwriter'::regclass::oid;
SELECT * FROM pg_stat_bgwriter WHERE false;
SELECT buffers_backend_fsync, stats_reset IS NOT NULL AS has_reset FROM pg_stat_bgwriter;
SELECT pg_stat_reset_shared('bgwriter');
-- (buffers_clean may move at once: the background writer cleans between two statements.)
SELECT checkpoints_timed, buffers_checkpoint, buffers_clean >= 0 AS clean_counted, stats_reset > now() - interval '1 hour' AS recent FROM pg_stat_bgwriter;
SELECT pg_stat_reset_shared('checkpointer');
SELECT pg_stat_reset_shared(NULL);
-- CHECKPOINT (as the superuser); the word stays a name and a bare column label
CHECKPOINT;
CREATE TABLE checkpoint (checkpoint int);
INSERT INTO checkpoint VALUES (7);
SELECT checkpoint checkpoint FROM checkpoint;
