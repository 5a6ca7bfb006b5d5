import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['engine/**/__tests__/**/*.test.ts', 'main/**/__tests__/**/*.test.ts', 'renderer/**/__tests__/**/*.test.ts', 'scripts/**/__tests__/**/*.test.ts'],
    testTimeout: 120_000,
    pool: 'threads',
  },
});
