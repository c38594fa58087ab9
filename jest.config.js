/** Two projects: the server side (core, adapters, functions, gateway, browser e2e) in Node,
 *  and the mini-program pages in jsdom through miniprogram-simulate. */
const tsJest = ['ts-jest', { tsconfig: 'tsconfig.json', diagnostics: false }];
module.exports = {
  projects: [
    {
      displayName: 'server',
      testEnvironment: 'node',
      roots: ['<rootDir>/tests'],
      testMatch: ['**/*.test.ts'],
      testPathIgnorePatterns: ['/tests/miniprogram/'],
      transform: { '^.+\\.tsx?$': tsJest },
    },
    {
      displayName: 'miniprogram',
      testEnvironment: 'jsdom',
      roots: ['<rootDir>/tests/miniprogram'],
      testMatch: ['**/*.test.ts'],
      setupFiles: ['<rootDir>/tests/miniprogram/setup.ts'],
      transform: { '^.+\\.tsx?$': ['ts-jest', { tsconfig: 'miniprogram/tsconfig.json', diagnostics: false }] },
    },
  ],
};
