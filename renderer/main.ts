// Renderer entry: Vue 3 + Pinia + vue-i18n. The page is the same in Electron and in a plain browser;
// in a browser, the web bridge provides `window.api` over loopback before the app starts.
import { createPinia } from 'pinia';
import { createApp } from 'vue';
import App from './App.vue';
import { installWebBridge } from './bridge/web-bridge';
import { i18n } from './i18n';
import { installTestHook } from './test-hook';
import './style.css';

if (!window.api) installWebBridge();
const pinia = createPinia();
createApp(App).use(pinia).use(i18n).mount('#app');
installTestHook(pinia);
