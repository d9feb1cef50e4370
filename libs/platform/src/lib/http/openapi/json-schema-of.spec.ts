import { z } from 'zod';
import { jsonSchemaOf } from './json-schema-of';

describe('jsonSchemaOf', () => {
  it('describes what the schema accepts: defaulted fields are optional, unknown fields refused', () => {
    const schema = z
      .object({
        name: z.string().min(1),
        size: z.number().int().default(10),
        tags: z.array(z.string()).optional(),
      })
      .strict();
    expect(jsonSchemaOf(schema)).toEqual({
      type: 'object',
      properties: {
        name: { type: 'string', minLength: 1 },
        size: { type: 'integer', default: 10, minimum: expect.any(Number), maximum: expect.any(Number) },
        tags: { type: 'array', items: { type: 'string' } },
      },
      required: ['name'],
      additionalProperties: false,
    });
  });

  it('documents the input of a coercing query field, not its output', () => {
    const schema = z.object({ limit: z.coerce.number<string>().int().min(1).max(1000).default(100) });
    expect(jsonSchemaOf(schema).properties?.limit).toMatchObject({ default: 100, minimum: 1, maximum: 1000 });
  });

  it('inlines definitions and turns a self-reference (z.json()) into any value', () => {
    const document = jsonSchemaOf(z.object({ value: z.json() }));
    const text = JSON.stringify(document);
    expect(text).not.toContain('$ref');
    expect(text).not.toContain('definitions');
    expect(text).not.toContain('$schema');
    expect(document.properties?.value).toMatchObject({
      anyOf: expect.arrayContaining([{ type: 'string' }, { type: 'array', items: {} }]),
    });
  });
});
