import { onScopeDispose, watch } from 'vue';
import { useRoute, useRouter } from 'vue-router';
import { useLiveInteractionStore } from './live-interaction-store';
import { notifyIncoming, playIncomingTone } from './incoming-alert';

/**
 * Announces each new interaction wherever the agent is in the console: a tone, a desktop
 * notification when Cue is not in front, and the console itself (the screen pop) on screen.
 * Used once, by the app shell; only agents ever receive interactions to announce.
 */
export function useIncomingInteractionAlerts(): void {
  const live = useLiveInteractionStore();
  const router = useRouter();
  const route = useRoute();
  let closeNotification: (() => void) | null = null;

  function openConsole() {
    if (route.name !== 'agent-console') void router.push({ name: 'agent-console' });
  }

  watch(
    () => live.arrivals,
    () => {
      const interaction = live.interaction;
      if (!interaction) return;
      playIncomingTone();
      closeNotification?.();
      const name = live.customer?.name ?? 'a customer';
      const isCall = interaction.channel === 'voice';
      closeNotification = notifyIncoming(
        isCall ? 'Incoming call' : 'New chat',
        `${isCall ? 'Call from' : 'Chat with'} ${name}, queue ${interaction.queue}`,
        interaction.id,
        openConsole,
      );
      openConsole();
    },
  );

  onScopeDispose(() => closeNotification?.());
}
