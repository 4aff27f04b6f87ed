/**
 * A void function's result (pg_notify, pg_sleep, the advisory unlocks, the pg_stat resets): the
 * empty string, as PostgreSQL's void_out prints it (not NULL).
 */
export const VOID = '';
