import { defineConfig } from 'vitest/config';

// Library build: one self-contained IIFE, dist/widget.js, with the CSS inlined into the
// script (it is injected into the widget's shadow root, never into the host page).
export default defineConfig({
  publicDir: false,
  build: {
    target: 'es2020',
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: false,
    reportCompressedSize: false,
    lib: {
      entry: 'src/main.ts',
      name: 'BatonWidget',
      formats: ['iife'],
      fileName: () => 'widget.js',
    },
  },
  server: {
    proxy: {
      '/public': { target: process.env.BATON_BACKEND ?? 'http://localhost:8080', ws: true },
    },
  },
  test: {
    environment: 'node',
    include: ['src/**/*.test.ts'],
  },
});
