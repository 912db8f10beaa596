// jest, CommonJS project: the mock runs out of process for the whole run (Node >= 20.19, no flags).
module.exports = {
  globalSetup: '@store-api/mock/jest-global-setup',
  globalTeardown: '@store-api/mock/jest-global-teardown',
};
