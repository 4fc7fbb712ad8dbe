// The ring of objects a <Ref> can reach, against the simplest model: a list of every object remembered.
import { newObject, type PSObject } from '../../src/sources/ps-value.js';
import { RefTable, type RefKey } from '../../src/sources/ref-table.js';

function model(reach: number) {
  const all: Array<[RefKey, PSObject]> = [];
  return {
    remember: (key: RefKey | null, obj: PSObject) => key !== null && all.push([key, obj]),
    recall(refId: string): PSObject | undefined {
      const key: RefKey = /^(?:0|[1-9][0-9]{0,8})$/.test(refId) ? Number(refId) : refId;
      for (let n = all.length - 1; n >= Math.max(0, all.length - reach); n--) if (all[n][0] === key) return all[n][1];
      return undefined;
    },
  };
}

test.each([0, 1, 3, 10])('reach %d: the newest object of a RefId among the last reach, as a list of all would say', (reach) => {
  let seed = 7;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const table = new RefTable(reach);
  const expected = model(reach);
  for (let step = 0; step < 5000; step++) {
    const id = Math.floor(next() * 25);
    if (next() < 0.6) {
      const key: RefKey | null = next() < 0.1 ? null : next() < 0.2 ? `k${id}` : id;
      const obj = newObject([String(step)]);
      table.remember(key, obj);
      expected.remember(key, obj);
    } else {
      const refId = next() < 0.2 ? `k${id}` : next() < 0.1 ? `0${id}` : String(id);
      expect(table.recall(refId)).toBe(expected.recall(refId));
    }
  }
});
