// The JSON Schemas (draft 2020-12) for remediation-plan.json and decisions.json, embedded so the code
// needs no file lookup whether it runs from src/ or dist/. schema/*.schema.json are the same objects for
// other tools; test/plan/schema.test.ts fails when they drift (UPDATE_SCHEMA=1 rewrites them).

const DRAFT = 'https://json-schema.org/draft/2020-12/schema';
const nullableString = { type: ['string', 'null'] };
const id = { type: 'string', minLength: 1 };

const claim = {
  type: 'object',
  additionalProperties: false,
  required: ['claimType', 'claimIssuer', 'claimValue', 'encodedClaim'],
  properties: {
    claimType: nullableString,
    claimIssuer: nullableString,
    claimValue: nullableString,
    encodedClaim: nullableString,
  },
};

/** In decisions.json a claim is written by hand: any of the four properties, at least one. */
const decisionClaim = { ...claim, required: [], minProperties: 1 };

export const planSchema = {
  $schema: DRAFT,
  $id: 'https://farmscan.invalid/schema/remediation-plan.schema.json',
  title: 'farmscan remediation plan',
  description: 'One step per Secure Store target application to recreate as RestrictedGroup. Holds no credential values.',
  type: 'object',
  additionalProperties: false,
  required: ['schemaVersion', 'scanId', 'generatedAt', 'targetPlatform', 'steps'],
  properties: {
    schemaVersion: { const: 1 },
    scanId: { type: 'string' },
    generatedAt: { type: 'string' },
    targetPlatform: { enum: ['sharepoint-se', 'm365'] },
    incompleteScan: {
      description: 'Present when the scan that wrote the plan met bad input: the plan may lack applications.',
      type: 'object',
      additionalProperties: false,
      required: ['scanErrors', 'failedFiles'],
      properties: { scanErrors: { type: 'integer', minimum: 1 }, failedFiles: { type: 'array', items: { type: 'string' } } },
    },
    steps: { type: 'array', items: { $ref: '#/$defs/step' } },
  },
  $defs: {
    claim,
    step: {
      type: 'object',
      additionalProperties: false,
      required: [
        'applicationId',
        'sourceType',
        'targetType',
        'classification',
        'needsDecision',
        'reasons',
        'changes',
        'dropped',
        'definition',
        'usedByProfileMappings',
        'source',
      ],
      properties: {
        applicationId: id,
        sourceType: nullableString,
        targetType: { const: 'RestrictedGroup' },
        classification: { enum: ['compatible', 'convert', 'redesign', 'unknown'] },
        needsDecision: { type: 'boolean' },
        reasons: { type: 'array', items: { type: 'string' } },
        changes: { type: 'array', items: { type: 'string' } },
        dropped: {
          type: 'object',
          additionalProperties: false,
          required: ['ticketTimeout', 'individualMappings', 'ticketRedeemers'],
          properties: {
            ticketTimeout: { type: ['integer', 'null'] },
            individualMappings: { type: 'boolean' },
            ticketRedeemers: { type: 'array', items: { $ref: '#/$defs/claim' } },
          },
        },
        definition: { $ref: '#/$defs/definition' },
        usedByProfileMappings: {
          type: 'array',
          items: {
            type: 'object',
            additionalProperties: false,
            required: ['connectionName', 'propertyName', 'lobSystemInstance'],
            properties: {
              connectionName: { type: 'string' },
              propertyName: { type: 'string' },
              lobSystemInstance: { type: 'string' },
            },
          },
        },
        source: {
          type: 'object',
          additionalProperties: false,
          required: ['file', 'line'],
          properties: { file: { type: 'string' }, line: { type: 'integer', minimum: 0 } },
        },
      },
    },
    definition: {
      type: 'object',
      additionalProperties: false,
      required: ['applicationId', 'name', 'friendlyName', 'contactEmail', 'credentialManagementUrl', 'type', 'fields', 'administrators', 'members'],
      properties: {
        applicationId: id,
        name: { type: 'string' },
        friendlyName: nullableString,
        contactEmail: nullableString,
        credentialManagementUrl: nullableString,
        type: { const: 'RestrictedGroup' },
        fields: {
          type: 'array',
          items: {
            type: 'object',
            additionalProperties: false,
            required: ['name', 'type', 'masked'],
            properties: {
              name: { type: 'string' },
              type: { type: 'string', description: 'A SecureStoreCredentialType name; unknown names make the step need a decision.' },
              masked: { type: 'boolean' },
            },
          },
        },
        administrators: { type: 'array', items: { $ref: '#/$defs/claim' } },
        members: { type: 'array', items: { $ref: '#/$defs/claim' } },
      },
    },
  },
};

export const decisionsSchema = {
  $schema: DRAFT,
  $id: 'https://farmscan.invalid/schema/decisions.schema.json',
  title: 'farmscan decisions',
  description: 'Settles the plan steps that need a human decision: create (with members) or skip. See docs/decisions.md.',
  type: 'object',
  additionalProperties: false,
  required: ['schemaVersion', 'decisions'],
  properties: {
    $schema: { type: 'string', description: 'Optional: where an editor finds this schema.' },
    schemaVersion: { const: 1 },
    decisions: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['applicationId', 'action'],
        properties: {
          applicationId: id,
          action: { enum: ['create', 'skip'] },
          members: { type: 'array', minItems: 1, items: { $ref: '#/$defs/claim' } },
          administrators: { type: 'array', items: { $ref: '#/$defs/claim' } },
          reason: { type: 'string' },
        },
      },
    },
  },
  $defs: { claim: decisionClaim },
};

/** Where each schema lives in the repository, relative to its root. */
export const SCHEMA_FILES = {
  'schema/remediation-plan.schema.json': planSchema,
  'schema/decisions.schema.json': decisionsSchema,
} as const;
