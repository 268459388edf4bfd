import { defineConfig } from 'vitest/config';

// `pnpm test:eval`: every suite in suites/ runs as a vitest test file; one test per gate rule.
export default defineConfig({
  test: {
    include: ['src/vitest/suites.eval.ts'],
    testTimeout: 600_000,
    hookTimeout: 600_000,
  },
});
