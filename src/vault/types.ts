// What replay needs from a target Secure Store. The `file:` vault implements it; another adapter (a
// remote farm, a test double) implements the same few calls.
import type { ApplicationDefinition } from '../plan/types.js';

export interface ApplicationState {
  definition: ApplicationDefinition;
  /** Names of the fields that hold a value. Never the values. */
  fieldsSet: string[];
}

export interface VaultState {
  /** By application id. A Map, so an id such as "__proto__" is an ordinary key. */
  applications: Map<string, ApplicationState>;
}

export interface TargetVault {
  /** How to name the target in messages, e.g. `file:/home/me/vault.ssv`. */
  readonly description: string;
  /** Where replay keeps its journal for this target; null when the adapter has nowhere to keep one. */
  readonly journalPath: string | null;
  readState(): Promise<VaultState>;
  /** Fails when the id exists or the type is not RestrictedGroup. */
  createApplication(definition: ApplicationDefinition): Promise<void>;
  /** For --force: the definition replaced; credentials kept only when the field names are unchanged. */
  replaceApplication(definition: ApplicationDefinition): Promise<void>;
  /** One value for every field of the application, by field name. */
  setCredentials(applicationId: string, values: ReadonlyMap<string, string>): Promise<void>;
  /** Names of the fields whose stored value differs from `values` (or has none). Never a value. */
  differingCredentials(applicationId: string, values: ReadonlyMap<string, string>): Promise<string[]>;
}
