import { defineConfig } from 'vitest/config';

// `pnpm test:eval`: every suite in suites/ runs as a vitest test file; one test per gate rule.
export default defineConfig({
  test: {
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    include: ['src/vitest/suites.eval.ts'],
    testTimeout: 600_000,
    hookTimeout: 600_000,
  },
});
