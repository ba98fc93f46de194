/**
 * Fails the test (or the file, for answers received in beforeAll/afterAll) whose content-API
 * answers do not match docs/openapi.json (support/openapi-check.ts).
 */
import { takeViolations } from './openapi-check';

const failOnViolations = () => {
  const violations = takeViolations();
  if (violations.length) throw new Error(`answers that docs/openapi.json does not describe:\n${violations.join('\n')}`);
};

afterEach(failOnViolations);
afterAll(failOnViolations);
