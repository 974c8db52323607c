import { createApp } from 'vue';
import { createPinia } from 'pinia';
import App from './App.vue';
import { onUnauthorized } from './api/http';
import { startConsoleConnection } from './realtime/console-connection';
import { createConsoleRouter } from './router';
import { useSessionStore } from './session/session-store';
import './styles/base.css';

const app = createApp(App);
const pinia = createPinia();
app.use(pinia);
const router = createConsoleRouter();
app.use(router);

onUnauthorized(() => {
  const session = useSessionStore(pinia);
  // A 401 while nobody is signed in is the expected answer (wrong password, no session yet).
  if (!session.isAuthenticated) return;
  const from = router.currentRoute.value.fullPath;
  session.endSession();
  void router.replace({ name: 'login', query: { redirect: from, expired: '1' } });
});

// The live connection follows the session: open while someone is signed in, closed on sign-out.
startConsoleConnection({ pinia });

// Mounting after the first navigation (which checks the session) avoids flashing the console
// shell at someone who is about to be sent to the login page.
void router.isReady().then(() => app.mount('#app'));
