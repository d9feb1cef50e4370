import type { SchemaObject } from '@nestjs/swagger';
import { z } from 'zod';

type JsonSchema = Record<string, unknown>;

/**
 * The OpenAPI 3.0 schema of what a zod schema accepts (its input side, so defaulted fields are
 * optional), from zod's own `z.toJSONSchema`: the document is generated from the schemas that
 * validate the requests and cannot drift from them. Refinements are not representable and are left
 * out. Definitions are inlined (an OpenAPI document has no `definitions` of its own); a recursive
 * one (`z.json()`) becomes `{}`, any value, where it refers to itself.
 */
export function jsonSchemaOf(schema: z.ZodType): SchemaObject {
  const generated = z.toJSONSchema(schema, {
    io: 'input',
    target: 'openapi-3.0',
    unrepresentable: 'any',
  }) as JsonSchema;
  const {
    definitions = {},
    $schema: _dialect,
    ...root
  } = generated as JsonSchema & {
    definitions?: Record<string, JsonSchema>;
  };
  return inline(root, definitions, new Set()) as SchemaObject;
}

const REF_PREFIX = '#/definitions/';

function inline(node: unknown, definitions: Record<string, JsonSchema>, expanding: Set<string>): unknown {
  if (Array.isArray(node)) return node.map((item) => inline(item, definitions, expanding));
  if (typeof node !== 'object' || node === null) return node;
  const { $ref, ...rest } = node as JsonSchema;
  if (typeof $ref === 'string' && $ref.startsWith(REF_PREFIX)) {
    const name = $ref.slice(REF_PREFIX.length);
    const target = definitions[name];
    if (!target || expanding.has(name)) return inline(rest, definitions, expanding);
    const inner = new Set(expanding).add(name);
    return {
      ...(inline(target, definitions, inner) as JsonSchema),
      ...(inline(rest, definitions, expanding) as JsonSchema),
    };
  }
  return Object.fromEntries(
    Object.entries(node).map(([key, value]) => [key, inline(value, definitions, expanding)]),
  );
}
