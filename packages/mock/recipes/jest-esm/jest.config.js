// jest, ESM project (run with NODE_OPTIONS=--experimental-vm-modules, as jest needs for ESM tests): the mock runs
// out of process for the whole run.
export default {
  globalSetup: '@store-api/mock/jest-global-setup',
  globalTeardown: '@store-api/mock/jest-global-teardown',
  transform: {},
};
