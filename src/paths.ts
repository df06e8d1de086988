import { fileURLToPath } from 'node:url';

/** The package root, whether running from src/ (tsx) or dist/ (compiled). */
export const packageRoot = fileURLToPath(new URL('../', import.meta.url));
