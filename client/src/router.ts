import { createRouter, createWebHistory, type RouteLocationRaw } from 'vue-router';
import { useSessionStore } from './session/session-store';
import LoginPage from './session/LoginPage.vue';
import { safeRedirect } from './session/safe-redirect';

declare module 'vue-router' {
  interface RouteMeta {
    /** Reachable without a session (the login page). */
    public?: boolean;
    /** Window title; pages with a better one (a customer's name) set it themselves. */
    title?: string;
  }
}

export function createConsoleRouter() {
  const router = createRouter({
    history: createWebHistory(),
    routes: [
      { path: '/login', name: 'login', component: LoginPage, meta: { public: true, title: 'Sign in' } },
      {
        path: '/',
        name: 'customer-search',
        component: () => import('./customers/CustomerSearchPage.vue'),
        meta: { title: 'Customers' },
      },
      {
        path: '/customers/:id',
        name: 'customer',
        component: () => import('./customers/CustomerPage.vue'),
        props: true,
        meta: { title: 'Customer' },
      },
      // Agent console, supervisor board and retention desk join here as their own lazy routes.
      { path: '/:pathMatch(.*)*', redirect: '/' },
    ],
  });

  router.beforeEach(async (to): Promise<true | RouteLocationRaw> => {
    const session = useSessionStore();
    await session.restore();
    if (to.meta.public) {
      return to.name === 'login' && session.isAuthenticated ? safeRedirect(to.query.redirect) : true;
    }
    if (session.isAuthenticated) return true;
    return { name: 'login', query: to.fullPath === '/' ? {} : { redirect: to.fullPath } };
  });

  router.afterEach((to) => {
    document.title = to.meta.title ? `${to.meta.title} · Cue` : 'Cue';
  });

  return router;
}
