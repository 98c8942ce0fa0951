import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// During `vite` development the APIs are proxied as the staff server does under `npm start`.
const api = (port: number) => ({
  target: `http://127.0.0.1:${port}`,
  rewrite: (p: string) => p.replace(/^\/api\/[a-z]+/, ''),
});

export default defineConfig({
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: true },
  server: {
    port: 3005,
    proxy: {
      '/api/handoff': api(3002),
      '/api/dialog': api(3001),
      '/api/broadcast': api(3003),
      '/api/analytics': api(3004),
    },
  },
});
