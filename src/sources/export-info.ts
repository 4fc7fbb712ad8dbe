// ExportInfo.xml (samples/Export-FarmInventory.ps1): the run's own record. Only its warnings are read: they
// name what the export lacks (a database not Online, Secure Store returning nothing, a read-only database).
import type { ExportInfoRecord, Origin } from '../model.js';
import { asList, asText, getProp, type PSObject } from './ps-value.js';

export function isExportInfo(value: PSObject): boolean {
  return getProp(value, 'ExporterVersion') !== undefined && getProp(value, 'Warnings') !== undefined;
}

export function toExportInfo(info: PSObject, origin: Origin): ExportInfoRecord {
  const warnings = (asList(getProp(info, 'Warnings')) ?? [asText(getProp(info, 'Warnings'))]).map((w) => asText(w)?.trim() ?? '').filter((w) => w !== '');
  return { kind: 'exportInfo', origin, exporterVersion: asText(getProp(info, 'ExporterVersion')), warnings };
}
