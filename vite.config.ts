import { defineConfig } from 'vitest/config';
import vue from '@vitejs/plugin-vue';

const apiTarget = `http://localhost:${process.env.PORT ?? 3000}`;

export default defineConfig({
  root: 'client',
  plugins: [vue()],
  build: { outDir: '../dist/client', emptyOutDir: true },
  server: { proxy: { '/api': apiTarget, '/socket.io': { target: apiTarget, ws: true } } },
  test: {
    root: '.',
    include: ['server/**/*.test.ts', 'shared/**/*.test.ts', 'client/**/*.test.ts'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
