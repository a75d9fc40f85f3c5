import { defineConfig } from 'vite';

/**
 * The portal: built into web/dist, which Herald serves at /portal (src/portal/portal-assets.ts).
 * `npm run dev:portal` serves it with live reload and sends /api to a Herald (HERALD_URL, default :3000).
 */
export default defineConfig({
  root: import.meta.dirname,
  base: '/portal/',
  // Preact's JSX runtime; no plugin needed (a change reloads the page).
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022', assetsInlineLimit: 0 },
  server: {
    port: Number(process.env.PORTAL_DEV_PORT ?? 5173),
    proxy: { '/api': { target: process.env.HERALD_URL ?? 'http://localhost:3000', changeOrigin: true } },
  },
});
