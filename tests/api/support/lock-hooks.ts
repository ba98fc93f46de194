/**
 * A test still running after 45 s (most time out at 60) prints the busy sessions on its database
 * (support/lock-watch.ts): a test that hangs on PostgreSQL or MySQL is almost always waiting for a
 * lock, and this names who holds it.
 */
import { watchLocks } from './lock-watch';

let stopWatch = () => {};
beforeEach(() => {
  stopWatch = watchLocks(`The test "${expect.getState().currentTestName}"`, 45000);
});
afterEach(() => stopWatch());
