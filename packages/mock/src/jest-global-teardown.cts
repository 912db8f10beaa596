// jest `globalTeardown: '@store-api/mock/jest-global-teardown'`: stops the mock the setup started.
import { globalTeardown } from './testing.cjs';

export = globalTeardown;
