// jest `globalSetup: '@store-api/mock/jest-global-setup'`: starts the mock for the run (see testing.ts).
import { globalSetup } from './testing.cjs';

export = globalSetup;
