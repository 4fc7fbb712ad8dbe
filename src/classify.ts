// DESIGN.md "Classification": what each source type becomes on a target that only has RestrictedGroup.
import type { Classification, TargetPlatform } from './plan/types.js';
import { TARGET_APPLICATION_TYPES, type TargetApplicationType } from './model.js';

export interface ClassificationResult {
  classification: Classification;
  reasons: string[];
  /** Ticket time-out is dropped: RestrictedGroup has no ticketing. */
  dropsTicketing: boolean;
  /** Individual mappings cannot carry over: one shared credential set replaces them. */
  dropsIndividualMappings: boolean;
}

export function isKnownType(type: string | null): type is TargetApplicationType {
  return type !== null && (TARGET_APPLICATION_TYPES as readonly string[]).includes(type);
}

export function classify(type: string | null, platform: TargetPlatform = 'sharepoint-se'): ClassificationResult {
  const base = classifyForServer(type);
  if (platform === 'm365' && base.classification !== 'unknown') {
    return {
      ...base,
      classification: 'redesign',
      reasons: [
        'Microsoft 365 has no Secure Store: Business Connectivity Services was retired there on 2024-09-30; redesign the connection (for example with Power Platform connectors).',
        ...base.reasons,
      ],
    };
  }
  return base;
}

function classifyForServer(type: string | null): ClassificationResult {
  const result = (classification: Classification, reasons: string[], dropsTicketing = false, dropsIndividualMappings = false) => ({
    classification,
    reasons,
    dropsTicketing,
    dropsIndividualMappings,
  });
  switch (type) {
    case 'RestrictedGroup':
      return result('compatible', ['Already Group Restricted: recreate it as it is.']);
    case 'Group':
      return result('convert', ['Group application: recreate it as Group Restricted with the same members and fields.']);
    case 'GroupWithTicketing':
      return result(
        'convert',
        ['Group application with ticketing: recreate it as Group Restricted with the same members and fields.', 'Group Restricted has no ticketing: the ticket time-out and ticket redeemers are dropped.'],
        true,
      );
    case 'Individual':
    case 'RestrictedIndividual':
      return result(
        'redesign',
        [
          'Individual application: each user had their own credentials, which Group Restricted cannot hold.',
          'Decide on one shared account for the former credential owners, and who the members are.',
        ],
        false,
        true,
      );
    case 'IndividualWithTicketing':
      return result(
        'redesign',
        [
          'Individual application with ticketing: each user had their own credentials, which Group Restricted cannot hold.',
          'Decide on one shared account for the former credential owners, and who the members are.',
          'Group Restricted has no ticketing: the ticket time-out and ticket redeemers are dropped.',
        ],
        true,
        true,
      );
    default:
      return result('unknown', [
        type === null
          ? 'The export has no application type for this application.'
          : `Unknown application type ${JSON.stringify(type)}: not one of ${TARGET_APPLICATION_TYPES.join(', ')}.`,
      ]);
  }
}
