import { createApp } from 'vue';
import ChatWidgetApp from './ChatWidgetApp.vue';
import './chat-widget.css';

// The customer chat widget: its own page and bundle, with none of the console's stores or router.
createApp(ChatWidgetApp).mount('#chat');
