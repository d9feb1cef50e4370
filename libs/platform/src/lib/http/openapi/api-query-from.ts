import { applyDecorators } from '@nestjs/common';
import { ApiQuery, type SchemaObject } from '@nestjs/swagger';
import type { z } from 'zod';
import { jsonSchemaOf } from './json-schema-of';

/**
 * Documents each field of a zod object schema (the one the handler parses its query with) as a
 * query parameter, required unless it is optional or has a default.
 */
export function ApiQueryFrom(schema: z.ZodType): MethodDecorator {
  const { properties = {}, required = [] } = jsonSchemaOf(schema);
  return applyDecorators(
    ...Object.entries(properties).map(([name, property]) =>
      ApiQuery({
        name,
        required: required.includes(name),
        schema: property as SchemaObject,
        description: (property as SchemaObject).description,
      }),
    ),
  );
}
