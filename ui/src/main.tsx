/** Starts the web interface: picks the first language, then mounts the app. */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/app.js';
import { createI18n, initialLocale } from './i18n/i18n.js';
import { rememberedLocale } from './session/locale-memory.js';
import './styles.css';

const root = document.getElementById('root');
if (root === null) throw new Error('index.html has no #root element');

// Until /me answers, show the language asked for in the URL, else the last one used here, else the browser's.
const requested = new URLSearchParams(window.location.search).get('lang');
const locale =
  requested === 'fr' || requested === 'en'
    ? requested
    : (rememberedLocale() ?? initialLocale('', navigator.languages));

createRoot(root).render(
  <StrictMode>
    <App i18n={createI18n(locale)} />
  </StrictMode>,
);
