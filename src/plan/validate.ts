// Schema validation with one readable line for the first wrong property, e.g.
// `/steps/2/targetType: must be "RestrictedGroup"`.
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import { decisionsSchema, planSchema } from './schema.js';

export interface SchemaProblem {
  /** JSON pointer (RFC 6901) of the wrong property; '' is the document itself. */
  pointer: string;
  message: string;
}

const schemas = { plan: planSchema, decisions: decisionsSchema };
export type SchemaName = keyof typeof schemas;

// Compiled when first used: compiling both took ~30 ms of every library import, scans included.
let ajv: Ajv2020 | undefined;
const validators = new Map<SchemaName, ValidateFunction>();

/** The first problem in `data` against the named schema, or null when it is valid. */
export function firstSchemaProblem(name: SchemaName, data: unknown): SchemaProblem | null {
  // allErrors off: stop at the first problem, which is the one the user is told about.
  ajv ??= new Ajv2020({ allErrors: false, strict: true });
  let validate = validators.get(name);
  if (validate === undefined) validators.set(name, (validate = ajv.compile(schemas[name])));
  if (validate(data)) return null;
  return describe(validate.errors?.[0]);
}

function describe(error: ErrorObject | undefined): SchemaProblem {
  if (!error) return { pointer: '', message: 'does not match the schema' };
  const params = error.params as Record<string, unknown>;
  const at = error.instancePath;
  switch (error.keyword) {
    case 'required':
      return { pointer: `${at}/${escape(String(params.missingProperty))}`, message: 'is missing' };
    case 'additionalProperties':
      return { pointer: `${at}/${escape(String(params.additionalProperty))}`, message: 'is not an allowed property here' };
    case 'const':
      return { pointer: at, message: `must be ${JSON.stringify(params.allowedValue)}` };
    case 'enum':
      return { pointer: at, message: `must be one of ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}` };
    case 'type':
      return { pointer: at, message: `must be ${typeWords(params.type)}` };
    case 'minLength':
      return { pointer: at, message: 'must not be empty' };
    case 'minItems':
      return { pointer: at, message: `must have at least ${String(params.limit)} item(s)` };
    case 'minProperties':
      return { pointer: at, message: `must have at least ${String(params.limit)} property(ies)` };
    default:
      return { pointer: at, message: error.message ?? 'does not match the schema' };
  }
}

function typeWords(type: unknown): string {
  const words: Record<string, string> = {
    string: 'a string',
    integer: 'an integer',
    number: 'a number',
    boolean: 'true or false',
    object: 'an object',
    array: 'an array',
    null: 'null',
  };
  const list = Array.isArray(type) ? type : String(type).split(',');
  return list.map((t) => words[String(t)] ?? String(t)).join(' or ');
}

function escape(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}
