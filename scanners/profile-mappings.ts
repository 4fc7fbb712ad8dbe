// User-profile property mappings (SMAT's CustomProfilePropertyMappings) and the cross-reference SMAT
// leaves to the reader: Secure Store application → BCS LobSystemInstance → profile connection →
// mapped properties (REFERENCE.md §4b).
import type { LobSystemInstanceRecord, ProfilePropertyMappingRecord } from '../src/model.js';
import { compareOrdinal as byText } from '../src/ordinal.js';
import type { Scanner } from '../src/scan/types.js';

/** SMAT lists these two on every farm; they carry no migration risk. */
export const NOISE_PROPERTIES = new Set(['SPS-PhoneticFirstName', 'SPS-PhoneticDisplayName']);

interface State {
  instances: LobSystemInstanceRecord[];
  mappings: ProfilePropertyMappingRecord[];
  applications: Set<string>;
}

export interface ProfileUse {
  connectionName: string;
  propertyName: string;
  lobSystemInstance: string;
}


export default {
  id: 'profile-mappings',
  title: 'User profile property mappings',
  description: 'Lists profile property mappings and the Secure Store applications BCS profile connections depend on.',
  reads: ['profilePropertyMapping', 'lobSystemInstance', 'secureStoreApplication'],
  messages: {
    mapping: 'Property {{propertyName}} is mapped by connection {{connectionName}}.',
    noise: 'Property {{propertyName}} is one of the two phonetic mappings every farm has.',
    usedByProfile: 'Application {{applicationId}} authenticates BCS instance(s) {{instances}} that user-profile connections map {{count}} properties from.',
    missingApplication: 'BCS instance {{lobSystemInstance}} uses Secure Store application {{applicationId}}, which is not in the export.',
    missingInstance: 'Connection {{connectionName}} reads BCS instance {{lobSystemInstance}}, which is not in the export.',
  },
  createState: (): State => ({ instances: [], mappings: [], applications: new Set() }),
  scan(record, ctx, state) {
    if (record.kind === 'secureStoreApplication') state.applications.add(record.applicationId);
    else if (record.kind === 'lobSystemInstance') state.instances.push(record);
    else if (record.kind === 'profilePropertyMapping') {
      if (record.lobSystemInstance !== null) state.mappings.push(record);
      const noise = NOISE_PROPERTIES.has(record.propertyName);
      ctx.report({
        messageId: noise ? 'noise' : 'mapping',
        severity: 'info',
        subject: `${record.connectionName}/${record.propertyName}`,
        data: { connectionName: record.connectionName, propertyName: record.propertyName, noise, mapping: record },
      });
    }
  },
  finish(ctx, state) {
    // Files arrive in any order under concurrency: sort before reporting.
    const instances = [...state.instances].sort((a, b) => byText(a.name, b.name) || byText(a.origin.file, b.origin.file) || a.origin.line - b.origin.line);
    // Ties by position: files are sorted by path, so this is the order one thread would see them in.
    const mappings = [...state.mappings].sort(
      (a, b) => byText(a.connectionName, b.connectionName) || byText(a.propertyName, b.propertyName) || byText(a.origin.file, b.origin.file) || a.origin.line - b.origin.line,
    );
    const uses = new Map<string, { instances: Set<string>; uses: ProfileUse[] }>();
    for (const instance of instances) {
      const mapped = mappings.filter((m) => sameInstance(m, instance));
      // Any *SsoApplicationId counts: WebServiceSsoApplicationId, WsdlFetchSsoApplicationId, … (records.ts).
      for (const applicationId of instance.ssoApplicationIds) {
        if (!state.applications.has(applicationId)) {
          ctx.report({ messageId: 'missingApplication', severity: 'warning', subject: applicationId, data: { applicationId, lobSystemInstance: instance.name }, origin: instance.origin });
        }
        if (mapped.length === 0) continue;
        const entry = uses.get(applicationId) ?? { instances: new Set<string>(), uses: [] };
        entry.instances.add(instance.name);
        for (const m of mapped) entry.uses.push({ connectionName: m.connectionName, propertyName: m.propertyName, lobSystemInstance: instance.name });
        uses.set(applicationId, entry);
      }
    }
    for (const [applicationId, entry] of [...uses].sort(([a], [b]) => byText(a, b))) {
      ctx.report({
        messageId: 'usedByProfile',
        severity: 'warning',
        subject: applicationId,
        data: { applicationId, instances: [...entry.instances].join(', '), count: entry.uses.length, uses: entry.uses },
      });
    }
    const known = new Set(instances.map((i) => i.name.toLowerCase()));
    const reported = new Set<string>();
    for (const m of mappings) {
      const key = `${m.connectionName}\u0000${m.lobSystemInstance}`;
      if (known.has(m.lobSystemInstance!.toLowerCase()) || reported.has(key)) continue;
      reported.add(key);
      ctx.report({ messageId: 'missingInstance', severity: 'warning', subject: m.connectionName, data: { connectionName: m.connectionName, lobSystemInstance: m.lobSystemInstance }, origin: m.origin });
    }
  },
} satisfies Scanner<State>;

function sameInstance(mapping: ProfilePropertyMappingRecord, instance: LobSystemInstanceRecord): boolean {
  if (mapping.lobSystemInstance!.toLowerCase() !== instance.name.toLowerCase()) return false;
  return mapping.lobSystem === null || instance.lobSystem === null || mapping.lobSystem.toLowerCase() === instance.lobSystem.toLowerCase();
}
