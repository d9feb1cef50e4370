import { comparedColumns, relationUsages } from './relation-usage';

describe('comparedColumns', () => {
  it.each([
    ['(orders.customer_id = $1)', [['orders', 'customer_id', 'equality']]],
    ['((o.status)::text = ($1)::text)', [['o', 'status', 'equality']]],
    ['(o.customer_id = c.id)', [['o', 'customer_id', 'equality'], ['c', 'id', 'equality']]],
    ['((e.created_at >= $1) AND (e.kind = ANY ($2)))', [['e', 'created_at', 'range'], ['e', 'kind', 'equality']]],
    ['(t.deleted_at IS NULL)', [['t', 'deleted_at', 'equality']]],
    ['(t.state <> $1)', []],
  ])('%s', (condition, expected) => {
    expect(comparedColumns(condition)).toEqual(expected);
  });
});

describe('relationUsages', () => {
  it('takes the sort keys of an ORDER BY … LIMIT on one table', () => {
    const [usage] = relationUsages({
      'Node Type': 'Limit',
      'Total Cost': 10,
      'Plan Rows': 1,
      Plans: [
        {
          'Node Type': 'Sort',
          'Total Cost': 10,
          'Plan Rows': 1,
          'Sort Key': ['orders.created_at DESC'],
          Plans: [
            {
              'Node Type': 'Seq Scan',
              'Relation Name': 'orders',
              Schema: 'shop',
              Alias: 'orders',
              'Total Cost': 9,
              'Plan Rows': 1,
              Filter: '(orders.status = $1)',
            },
          ],
        },
      ],
    });
    expect(usage).toEqual({
      schema: 'shop',
      table: 'orders',
      equality: ['status'],
      range: [],
      sortUnderLimit: ['created_at DESC'],
      seqScanCost: 9,
    });
  });
});
