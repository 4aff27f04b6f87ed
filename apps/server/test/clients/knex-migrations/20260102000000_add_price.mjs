// Knex migration 2 of 2 (clients.test.ts): ALTER TABLE … ADD COLUMN.
export async function up(knex) {
  await knex.schema.withSchema('c_knex').alterTable('widgets', (t) => {
    t.decimal('price', 10, 2);
  });
}

export async function down(knex) {
  await knex.schema.withSchema('c_knex').alterTable('widgets', (t) => {
    t.dropColumn('price');
  });
}
