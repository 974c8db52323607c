import path from 'node:path';
import { defineConfig } from 'vitest/config';
import vue from '@vitejs/plugin-vue';

const apiTarget = `http://localhost:${process.env.PORT ?? 3000}`;
const clientRoot = path.resolve(import.meta.dirname, 'client');

export default defineConfig({
  root: 'client',
  plugins: [vue()],
  build: {
    outDir: '../dist/client',
    emptyOutDir: true,
    rolldownOptions: {
      // Two pages: the agent console, and the customer chat widget, which ships none of the
      // console's stores or router (shared chunks are only what both really import).
      input: {
        console: path.join(clientRoot, 'index.html'),
        chat: path.join(clientRoot, 'chat.html'),
      },
      // Vue and the Socket.IO client in chunks of their own: both pages share them, and they
      // change far less often than the app, so a release does not invalidate them in caches.
      output: {
        codeSplitting: {
          groups: [
            { name: 'vue', test: /node_modules[\\/](vue|@vue[\\/](runtime-core|runtime-dom|reactivity|shared))[\\/]/ },
            { name: 'socket-io', test: /node_modules[\\/](socket\.io-client|socket\.io-parser|engine\.io-client|engine\.io-parser|@socket\.io[\\/]component-emitter)[\\/]/ },
          ],
        },
      },
    },
  },
  server: { proxy: { '/api': apiTarget, '/socket.io': { target: apiTarget, ws: true } } },
  test: {
    root: '.',
    include: ['server/**/*.test.ts', 'shared/**/*.test.ts', 'client/**/*.test.ts'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
