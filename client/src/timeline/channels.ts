import type { Channel } from '../../../shared/timeline';

export interface ChannelStyle {
  label: string;
  /** Text and icon colour; every one keeps 4.5:1 contrast on white and on its own tint. */
  color: string;
  tint: string;
  /** Outline icon paths on a 24×24 grid, drawn with a 2px stroke (shapes after Feather, MIT). */
  icon: readonly string[];
}

/** Typed as a full record so a channel added to the contract fails to compile until it has a look. */
export const CHANNEL_STYLES: Readonly<Record<Channel, ChannelStyle>> = {
  voice: {
    label: 'Voice',
    color: '#1d4ed8',
    tint: '#dbeafe',
    icon: [
      'M22 16.92v3a2 2 0 0 1-2.18 2 19.79 19.79 0 0 1-8.63-3.07 19.5 19.5 0 0 1-6-6 19.79 19.79 0 0 1-3.07-8.67A2 2 0 0 1 4.11 2h3a2 2 0 0 1 2 1.72 12.84 12.84 0 0 0 .7 2.81 2 2 0 0 1-.45 2.11L8.09 9.91a16 16 0 0 0 6 6l1.27-1.27a2 2 0 0 1 2.11-.45 12.84 12.84 0 0 0 2.81.7A2 2 0 0 1 22 16.92z',
    ],
  },
  chat: {
    label: 'Chat',
    color: '#6d28d9',
    tint: '#ede9fe',
    icon: [
      'M21 11.5a8.38 8.38 0 0 1-.9 3.8 8.5 8.5 0 0 1-7.6 4.7 8.38 8.38 0 0 1-3.8-.9L3 21l1.9-5.7a8.38 8.38 0 0 1-.9-3.8 8.5 8.5 0 0 1 4.7-7.6 8.38 8.38 0 0 1 3.8-.9h.5a8.48 8.48 0 0 1 8 8v.5z',
    ],
  },
  email: {
    label: 'Email',
    color: '#0e7490',
    tint: '#cffafe',
    icon: ['M4 4h16a2 2 0 0 1 2 2v12a2 2 0 0 1-2 2H4a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2z', 'M22 6l-10 7L2 6'],
  },
  sms: {
    label: 'SMS',
    color: '#0f766e',
    tint: '#ccfbf1',
    icon: ['M21 15a2 2 0 0 1-2 2H7l-4 4V5a2 2 0 0 1 2-2h14a2 2 0 0 1 2 2z', 'M8 9h8', 'M8 13h5'],
  },
  social: {
    label: 'Social',
    color: '#be185d',
    tint: '#fce7f3',
    icon: [
      'M15 5a3 3 0 1 0 6 0a3 3 0 1 0-6 0',
      'M3 12a3 3 0 1 0 6 0a3 3 0 1 0-6 0',
      'M15 19a3 3 0 1 0 6 0a3 3 0 1 0-6 0',
      'M8.59 13.51l6.83 3.98',
      'M15.41 6.51l-6.82 3.98',
    ],
  },
  store: {
    label: 'Store',
    color: '#c2410c',
    tint: '#ffedd5',
    icon: ['M6 2L3 6v14a2 2 0 0 0 2 2h14a2 2 0 0 0 2-2V6l-3-4z', 'M3 6h18', 'M16 10a4 4 0 0 1-8 0'],
  },
  field: {
    label: 'Field',
    color: '#92400e',
    tint: '#fef3c7',
    icon: [
      'M1 3h15v13H1z',
      'M16 8h4l3 3v5h-7z',
      'M3 18.5a2.5 2.5 0 1 0 5 0a2.5 2.5 0 1 0-5 0',
      'M16 18.5a2.5 2.5 0 1 0 5 0a2.5 2.5 0 1 0-5 0',
    ],
  },
  web: {
    label: 'Web',
    color: '#4338ca',
    tint: '#e0e7ff',
    icon: [
      'M2 12a10 10 0 1 0 20 0a10 10 0 1 0-20 0',
      'M2 12h20',
      'M12 2a15.3 15.3 0 0 1 4 10 15.3 15.3 0 0 1-4 10 15.3 15.3 0 0 1-4-10 15.3 15.3 0 0 1 4-10z',
    ],
  },
  app: {
    label: 'App',
    color: '#047857',
    tint: '#d1fae5',
    icon: ['M7 2h10a2 2 0 0 1 2 2v16a2 2 0 0 1-2 2H7a2 2 0 0 1-2-2V4a2 2 0 0 1 2-2z', 'M12 18h.01'],
  },
  mail: {
    label: 'Mail',
    color: '#475569',
    tint: '#e2e8f0',
    icon: ['M14 2H6a2 2 0 0 0-2 2v16a2 2 0 0 0 2 2h12a2 2 0 0 0 2-2V8z', 'M14 2v6h6', 'M16 13H8', 'M16 17H8'],
  },
  system: {
    label: 'System',
    color: '#374151',
    tint: '#e5e7eb',
    icon: [
      'M4 2h16a2 2 0 0 1 2 2v4a2 2 0 0 1-2 2H4a2 2 0 0 1-2-2V4a2 2 0 0 1 2-2z',
      'M4 14h16a2 2 0 0 1 2 2v4a2 2 0 0 1-2 2H4a2 2 0 0 1-2-2v-4a2 2 0 0 1 2-2z',
      'M6 6h.01',
      'M6 18h.01',
    ],
  },
};

/** The filter chips' order: contact channels first, back-office last. */
export const CHANNEL_ORDER = Object.keys(CHANNEL_STYLES) as Channel[];
