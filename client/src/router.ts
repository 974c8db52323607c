import { createRouter, createWebHistory, type RouteLocationNormalized, type RouteLocationRaw } from 'vue-router';
import type { Role } from '../../shared/auth';
import { useSessionStore } from './session/session-store';
import LoginPage from './session/LoginPage.vue';
import { TAKES_INTERACTIONS, takesInteractions } from './session/roles';
import { safeRedirect } from './session/safe-redirect';

declare module 'vue-router' {
  interface RouteMeta {
    /** Reachable without a session (the login page). */
    public?: boolean;
    /** Window title; pages with a better one (a customer's name) set it themselves. */
    title?: string;
    /** Only these roles may open the page (the server enforces the same on every event). */
    roles?: readonly Role[];
  }
}

/** Asked for home, or for a page that does not exist (which sends home). */
const wentHome = (to: RouteLocationNormalized) => to.redirectedFrom?.name === 'home' || to.redirectedFrom?.name === 'not-found';

export function createConsoleRouter() {
  const router = createRouter({
    history: createWebHistory(),
    routes: [
      { path: '/login', name: 'login', component: LoginPage, meta: { public: true, title: 'Sign in' } },
      // Home depends on the role (see beforeEach); customer search is everyone else's.
      { path: '/', name: 'home', redirect: { name: 'customer-search' } },
      {
        path: '/customers',
        name: 'customer-search',
        component: () => import('./customers/CustomerSearchPage.vue'),
        meta: { title: 'Customers' },
      },
      {
        path: '/console',
        name: 'agent-console',
        component: () => import('./interactions/AgentConsolePage.vue'),
        meta: { title: 'Console', roles: TAKES_INTERACTIONS },
      },
      {
        path: '/retention',
        name: 'defection-moments',
        component: () => import('./retention/DefectionMomentsPage.vue'),
        meta: { title: 'Defection moments', roles: ['retention', 'supervisor'] },
      },
      {
        path: '/retention/worklist',
        name: 'retention-worklist',
        component: () => import('./retention/RetentionWorklistPage.vue'),
        meta: { title: 'High-risk worklist', roles: ['retention', 'supervisor'] },
      },
      {
        path: '/actions',
        name: 'action-catalog',
        component: () => import('./next-best-actions/ActionCatalogPage.vue'),
        meta: { title: 'Action catalog', roles: ['admin', 'supervisor'] },
      },
      {
        path: '/actions/uplift',
        name: 'action-uplift',
        component: () => import('./next-best-actions/ActionUpliftPage.vue'),
        meta: { title: 'Action uplift', roles: ['admin', 'supervisor', 'retention'] },
      },
      {
        path: '/customers/:id',
        name: 'customer',
        component: () => import('./customers/CustomerPage.vue'),
        props: true,
        meta: { title: 'Customer' },
      },
      // Supervisor board and retention desk join here as their own lazy routes.
      { path: '/:pathMatch(.*)*', name: 'not-found', redirect: { name: 'home' } },
    ],
  });

  router.beforeEach(async (to): Promise<true | RouteLocationRaw> => {
    const session = useSessionStore();
    await session.restore();
    if (to.meta.public) {
      return to.name === 'login' && session.isAuthenticated ? safeRedirect(to.query.redirect) : true;
    }
    if (session.isAuthenticated) {
      const role = session.user?.role;
      // A redirect record cannot wait for the session, so the role-based home is decided here.
      // (The console navigation this starts still carries redirectedFrom "home": hence the name check.)
      if (to.name === 'customer-search' && wentHome(to) && takesInteractions(role)) return { name: 'agent-console' };
      if (to.meta.roles && (role === undefined || !to.meta.roles.includes(role))) return { name: 'customer-search' };
      return true;
    }
    const wanted = wentHome(to) ? '/' : to.fullPath;
    return { name: 'login', query: wanted === '/' ? {} : { redirect: wanted } };
  });

  router.afterEach((to) => {
    document.title = to.meta.title ? `${to.meta.title} · Cue` : 'Cue';
  });

  return router;
}
