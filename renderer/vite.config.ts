// Renderer build: relative asset paths so the same output loads from /ui/ on the gateway and from file:// in
// Electron. `--mode fake` builds the dev page that mounts the app on an in-memory fake backend.
import { resolve } from 'node:path'
import react from '@vitejs/plugin-react'
import { defineConfig } from 'vite'

const root = import.meta.dirname

export default defineConfig(({ mode }) => {
  const fake = mode === 'fake'
  return {
    root,
    base: './',
    plugins: [react()],
    build: {
      outDir: resolve(root, fake ? '../dist/renderer-fake' : '../dist/renderer'),
      emptyOutDir: true,
      target: 'es2022',
      assetsInlineLimit: 0,
      modulePreload: { polyfill: false },
      rollupOptions: { input: resolve(root, fake ? 'dev/fake.html' : 'index.html') },
    },
    server: { port: 5174, strictPort: false },
  }
})
