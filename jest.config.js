/**
 * Three projects: `unit` (pure logic, no Strapi), `admin` (the admin panel's form logic and
 * components, rendered in jsdom) and `api` (a booted playground called over HTTP, on the database
 * named by DATABASE_CLIENT). scripts/test.js runs them as CI does.
 */
const transform = {
  '^.+\\.(t|j)sx?$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript', tsx: true }, transform: { react: { runtime: 'automatic' } } } }],
};

module.exports = {
  // One booted Strapi per API file; files share a database, so they run one after another.
  maxWorkers: 1,
  // Booting Strapi takes seconds; API tests wait for real databases.
  testTimeout: 60000,
  projects: [
    {
      displayName: 'unit',
      testEnvironment: 'node',
      transform,
      testMatch: ['<rootDir>/tests/unit/**/*.test.ts'],
    },
    {
      displayName: 'admin',
      testEnvironment: 'jsdom',
      transform,
      testMatch: ['<rootDir>/tests/admin/**/*.test.ts?(x)'],
    },
    {
      displayName: 'api',
      testEnvironment: 'node',
      transform,
      testMatch: ['<rootDir>/tests/api/**/*.test.ts'],
      setupFiles: ['<rootDir>/tests/api/support/jest-setup.js'],
      // Every content-API answer is checked against docs/openapi.json; a test that hangs names the locks it waits for.
      setupFilesAfterEnv: ['<rootDir>/tests/api/support/openapi-hooks.ts', '<rootDir>/tests/api/support/lock-hooks.ts'],
    },
  ],
};
