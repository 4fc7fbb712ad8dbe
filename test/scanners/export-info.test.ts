// ExportInfo.xml's warnings reach the summary: the exporter's word on what the export lacks.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { runCli } from '../helpers/cli.js';
import { readCsv } from '../helpers/csv.js';
import { customObject, list, objs, s, site, tempDir, writeClixml } from '../helpers/clixml.js';

const exportInfo = (warnings: string[]) => customObject(s('ExporterVersion', '2.0.0') + s('ServiceContext', 'https://ca:2016/') + list('Warnings', warnings.map((w) => `<S>${w}</S>`)));

test('each export warning is counted in SummaryReport.csv and listed in summary.html', async () => {
  const dir = await tempDir();
  const warnings = ["Content database 'WSS_Content_Old' is Offline, not Online: its 1 site collection(s) were not exported.", 'Secure Store returned no target application through https://ca:2016/: &lt;no rights&gt;'];
  await writeClixml(path.join(dir, 'ExportInfo.xml'), objs(exportInfo(warnings)), 'utf16le');
  await writeClixml(path.join(dir, 'SiteCollections.xml'), objs(site({ url: 'https://x/sites/a', readLocked: false })));
  const out = path.join(dir, 'out');
  const run = await runCli(['scan', dir, '--out', out, '--scan-id', 'I', '--quiet']);
  expect(run.code).toBe(0);
  const summary = await readCsv(path.join(out, 'SummaryReport.csv'));
  expect(summary.rows.find((r) => r[0] === 'export-info')).toEqual(['export-info', 'exportWarning', 'warning', '2', 'I']);
  expect(summary.rows.find((r) => r[1] === 'ObjectsNotRecognised')?.[3]).toBe('0');
  const html = await readFile(path.join(out, 'summary.html'), 'utf8');
  expect(html).toContain('<section id="export-warnings"><h2>Export warnings</h2>');
  expect(html).toContain('<li>Content database &#39;WSS_Content_Old&#39; is Offline, not Online: its 1 site collection(s) were not exported.</li>');
  expect(html).toContain('<li>Secure Store returned no target application through https://ca:2016/: &lt;no rights&gt;</li>');
});

test('an export without warnings shows no such section', async () => {
  const dir = await tempDir();
  await writeClixml(path.join(dir, 'ExportInfo.xml'), objs(exportInfo([])));
  const out = path.join(dir, 'out');
  expect((await runCli(['scan', dir, '--out', out, '--scan-id', 'I', '--quiet'])).code).toBe(0);
  expect(await readFile(path.join(out, 'summary.html'), 'utf8')).not.toContain('export-warnings');
});
