// ESM + TypeScript through ts-jest; `.js` import suffixes map back to the `.ts` sources.
export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.test.json', diagnostics: { warnOnly: false } }],
  },
  testTimeout: 60000,
  // Two workers even on two cores (jest's default leaves one core to itself): the Pester run, about three
  // minutes of one test file, then overlaps the rest of the suite.
  maxWorkers: 2,
};
