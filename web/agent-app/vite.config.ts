import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

// The Spring Boot server serves the build from /app/ (META-INF/resources/app).
// During development, `npm run dev` proxies the API and both sockets to the server.
const backend = process.env.BATON_BACKEND ?? 'http://localhost:8080';

export default defineConfig({
  base: '/app/',
  plugins: [react()],
  server: {
    proxy: {
      '/api': backend,
      '/auth': backend,
      '/ws': { target: backend, ws: true },
    },
  },
  build: {
    sourcemap: false,
  },
  test: {
    environment: 'node',
    include: ['src/**/*.test.ts'],
  },
});
