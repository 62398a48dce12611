import '@testing-library/jest-dom/vitest';
import { cleanup } from '@testing-library/svelte';
import { afterEach } from 'vitest';
import { router } from './lib/router.svelte';

// Each test starts on Hem, as the app does without a hash.
afterEach(() => {
  cleanup();
  router.go({ page: 'home' });
});
