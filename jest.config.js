/** Three projects: the server side (core, adapters, functions, gateway) in Node; the mini-program
 *  pages in jsdom through miniprogram-simulate; the admin page end to end in headless Chromium.
 *  `npx jest --selectProjects e2e` runs the browser tests alone. */
const tsJest = ['ts-jest', { tsconfig: 'tsconfig.json', diagnostics: false }];
module.exports = {
  projects: [
    {
      displayName: 'server',
      testEnvironment: 'node',
      roots: ['<rootDir>/tests'],
      testMatch: ['**/*.test.ts'],
      testPathIgnorePatterns: ['/tests/miniprogram/', '/tests/e2e/'],
      setupFilesAfterEnv: ['<rootDir>/tests/support/quietStructuredLogs.ts'],
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
    {
      displayName: 'e2e',
      testEnvironment: 'node',
      roots: ['<rootDir>/tests/e2e'],
      testMatch: ['**/*.test.ts'],
      setupFilesAfterEnv: ['<rootDir>/tests/support/quietStructuredLogs.ts'],
      transform: { '^.+\\.tsx?$': tsJest },
    },
  ],
};
