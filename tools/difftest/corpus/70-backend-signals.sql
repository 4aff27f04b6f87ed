-- pg_cancel_backend and pg_terminate_backend: a PID no session has gives false (and a WARNING), NULL gives NULL, a negative timeout is 22003
SELECT pg_cancel_backend(0) AS cancelled, pg_terminate_backend(0) AS terminated;
SELECT pg_terminate_backend(1, 0);
SELECT pg_cancel_backend(NULL), pg_terminate_backend(NULL), pg_terminate_backend(0, NULL);
SELECT pg_terminate_backend(0, -1);
SELECT pg_typeof(pg_cancel_backend(0));
