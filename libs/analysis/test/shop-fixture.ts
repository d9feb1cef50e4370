import type { Client } from 'pg';

/**
 * A small shop with planted problems:
 * - `orders.customer_id` is filtered on without an index (one column);
 * - `events (account_id, kind)` is filtered on together (two columns, account_id more distinct);
 * - `orders` is read `WHERE status = … ORDER BY created_at DESC LIMIT …` (an ORDER BY … LIMIT index);
 * - `products.sku` is filtered on and indexed already;
 * - `audit_log.actor_id` is filtered on, but the table is mostly written;
 * - `products` has an index that is a prefix of another, and one that is never used;
 * - `shop.slow()` is an immutable function the planner folds, which sleeps unless `shop.fast` is on:
 *   a statement calling it has a pathological plan time.
 */
export async function seedShop(client: Client): Promise<void> {
  await client.query(`
    CREATE SCHEMA shop;
    CREATE TABLE shop.orders (id bigserial PRIMARY KEY, customer_id int NOT NULL, status text NOT NULL,
      created_at timestamptz NOT NULL, total numeric NOT NULL);
    INSERT INTO shop.orders (customer_id, status, created_at, total)
      SELECT (random() * 20000)::int, (ARRAY['new', 'paid', 'shipped', 'returned', 'cancelled', 'held', 'open', 'void'])[1 + (i % 8)],
             now() - random() * interval '365 days', round((random() * 500)::numeric, 2)
        FROM generate_series(1, 150000) i;
    CREATE TABLE shop.events (id bigserial PRIMARY KEY, account_id int NOT NULL, kind text NOT NULL,
      payload text NOT NULL);
    INSERT INTO shop.events (account_id, kind, payload)
      SELECT (random() * 2000)::int, 'kind-' || (i % 40), md5(i::text) FROM generate_series(1, 150000) i;
    CREATE TABLE shop.products (id serial PRIMARY KEY, sku text NOT NULL, category int NOT NULL,
      name text NOT NULL, discontinued boolean NOT NULL);
    INSERT INTO shop.products (sku, category, name, discontinued)
      SELECT 'sku-' || i, i % 50, 'product ' || i, i % 100 = 0 FROM generate_series(1, 20000) i;
    CREATE INDEX products_sku ON shop.products (sku);
    CREATE INDEX products_category ON shop.products (category);
    CREATE INDEX products_category_name ON shop.products (category, name);
    CREATE INDEX products_name ON shop.products (name);
    CREATE INDEX products_lower_name ON shop.products (lower(name));
    CREATE TABLE shop.audit_log (id bigserial PRIMARY KEY, actor_id int NOT NULL, action text NOT NULL);
    INSERT INTO shop.audit_log (actor_id, action)
      SELECT (random() * 5000)::int, 'seed' FROM generate_series(1, 100000);
    CREATE FUNCTION shop.slow() RETURNS int IMMUTABLE LANGUAGE plpgsql AS $$
      BEGIN
        IF current_setting('shop.fast', true) IS DISTINCT FROM 'on' THEN PERFORM pg_sleep(3); END IF;
        RETURN 1;
      END $$;
    ANALYZE shop.orders, shop.events, shop.products, shop.audit_log;
  `);
  // The bulk load is not the tables' steady state: start their activity counters from here (once
  // the load's own counts are flushed, or they would land after the reset).
  await client.query('SELECT pg_stat_force_next_flush()');
  await client.query(`
    SELECT pg_stat_reset_single_table_counters(c.oid)
      FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'shop'`);
}

/** The application's traffic: what pg_stat_statements and pg_stat_user_tables then report. */
export async function runShopWorkload(client: Client, rounds = 40): Promise<void> {
  await client.query("SET shop.fast = 'on'");
  for (let i = 0; i < rounds; i++) {
    await client.query('SELECT id, total FROM shop.orders WHERE customer_id = $1', [i * 37]);
    await client.query('SELECT id, payload FROM shop.events WHERE account_id = $1 AND kind = $2', [i * 11, `kind-${i % 40}`]);
    await client.query('SELECT id, total FROM shop.orders WHERE status = $1 ORDER BY created_at DESC LIMIT 20', ['paid']);
    await client.query('SELECT id, name FROM shop.products WHERE sku = $1', [`sku-${i}`]);
    await client.query('SELECT id, name FROM shop.products WHERE category = $1 AND name = $2', [i % 50, `product ${i}`]);
    await client.query('SELECT id, action FROM shop.audit_log WHERE actor_id = $1', [i]);
  }
  // audit_log is mostly written: one-row inserts far outnumber its reads.
  for (let i = 0; i < 1500; i++) {
    await client.query('INSERT INTO shop.audit_log (actor_id, action) VALUES ($1, $2)', [i % 5000, 'login']);
  }
  for (let i = 0; i < 3; i++) {
    await client.query('BEGIN');
    await client.query('DELETE FROM shop.products WHERE discontinued');
    await client.query('ROLLBACK');
  }
  await client.query('SELECT id FROM shop.products WHERE id = shop.slow()');
  await client.query('SELECT pg_stat_force_next_flush()');
}
