// Knex migration 1 of 2 (clients.test.ts): a table with a primary key, a unique column and a default.
export async function up(knex) {
  await knex.schema.withSchema('c_knex').createTable('widgets', (t) => {
    t.increments('id');
    t.string('name', 100).notNullable().unique();
    t.integer('qty').defaultTo(0);
  });
}

export async function down(knex) {
  await knex.schema.withSchema('c_knex').dropTable('widgets');
}
