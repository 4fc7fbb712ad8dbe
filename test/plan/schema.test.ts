// schema/*.schema.json must equal the schemas the code validates with. UPDATE_SCHEMA=1 rewrites them.
import { readFile, writeFile } from 'node:fs/promises';
import { SCHEMA_FILES } from '../../src/plan/schema.js';

const root = new URL('../../', import.meta.url);

describe('schema files', () => {
  test.each(Object.entries(SCHEMA_FILES))('%s equals the embedded schema', async (file, schema) => {
    const url = new URL(file, root);
    const expected = `${JSON.stringify(schema, null, 2)}\n`;
    if (process.env.UPDATE_SCHEMA === '1') await writeFile(url, expected);
    expect(await readFile(url, 'utf8')).toBe(expected);
  });
});
