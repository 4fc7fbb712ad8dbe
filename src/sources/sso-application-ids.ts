// Every Secure Store application a BCS LobSystemInstance authenticates through: any property named
// `*SsoApplicationId` (SsoApplicationId, SecondarySsoApplicationId, WebServiceSsoApplicationId, …) and the
// exporter's `SsoApplicationIds` list, which also carries its LobSystem's (WsdlFetchSsoApplicationId).
import { asList, asText, getProp, isObject, type PSObject, type PSValue } from './ps-value.js';

/** Property bags are keyed by lower-cased names (ps-value.ts). */
const SSO_SUFFIX = 'ssoapplicationid';

export function ssoApplicationIds(instance: PSObject): string[] {
  const ids = new Set<string>();
  const add = (value: PSValue | undefined) => {
    const id = asText(value)?.trim() ?? '';
    if (id !== '') ids.add(id);
  };
  for (const [name, value] of instance.props) if (name.endsWith(SSO_SUFFIX)) add(value);
  for (const item of asList(getProp(instance, 'SsoApplicationIds')) ?? []) add(isObject(item) ? getProp(item, 'ApplicationId') : item);
  return [...ids];
}
