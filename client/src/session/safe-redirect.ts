import type { LocationQueryValue } from 'vue-router';

/** Only paths inside the console: a crafted `?redirect=https://…` must not send anyone away. */
export function safeRedirect(value: LocationQueryValue | LocationQueryValue[] | undefined): string {
  const path = Array.isArray(value) ? value[0] : value;
  if (typeof path !== 'string' || !path.startsWith('/') || path.startsWith('//') || path.startsWith('/\\') || path.startsWith('/login')) {
    return '/';
  }
  return path;
}
