// What differs between the application on the target and the one the plan wants, by property name.
// Claims compare as sets (their order carries no meaning); fields in order (values are set in field order).
import type { Claim } from '../model.js';
import type { ApplicationDefinition } from '../plan/types.js';

const SCALARS = ['name', 'friendlyName', 'contactEmail', 'credentialManagementUrl', 'type'] as const;

export function definitionDifferences(actual: ApplicationDefinition, wanted: ApplicationDefinition): string[] {
  const differences: string[] = SCALARS.filter((key) => actual[key] !== wanted[key]);
  const fields = (d: ApplicationDefinition) => JSON.stringify(d.fields.map((f) => [f.name, f.type, f.masked]));
  if (fields(actual) !== fields(wanted)) differences.push('fields');
  if (claimSet(actual.administrators) !== claimSet(wanted.administrators)) differences.push('administrators');
  if (claimSet(actual.members) !== claimSet(wanted.members)) differences.push('members');
  return differences;
}

function claimSet(claims: Claim[]): string {
  const keys = claims.map((c) => JSON.stringify([c.claimType, c.claimIssuer, c.claimValue, c.encodedClaim]));
  return JSON.stringify([...new Set(keys)].sort());
}
