import { useLayoutEffect } from 'react';

/**
 * Removes the first screen that index.html draws before any script has run (the sign-in card or
 * the header). Rendered by the first real page, so the static screen stays up while bundles load
 * and is gone in the same frame the page appears.
 */
export function BootDone() {
  useLayoutEffect(() => document.getElementById('boot')?.remove(), []);
  return null;
}
