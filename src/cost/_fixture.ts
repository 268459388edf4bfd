/** Test helper: a small price table with figures that differ by region, so look-ups are visible. */
import { parsePriceTable } from './table.ts';

export const FIXTURE_TABLE_TEXT = `version: test-1
currency: USD
defaultRegion: us-east-1
source: test figures
models:
  acme.model-v1:
    regions:
      us-east-1: { input: 0.001, output: 0.002, batchDiscount: 0.5, cacheRead: 0.0001 }
      eu-central-1: { input: 0.0012, output: 0.0024 }
  acme.eu-only-v1:
    regions:
      eu-central-1: { input: 0.004, output: 0.008 }
instances:
  ml.inf2.xlarge: { us-east-1: 0.99, eu-central-1: 1.1 }
`;

export const fixtureTable = () => parsePriceTable(FIXTURE_TABLE_TEXT, 'fixture-prices.yaml');
