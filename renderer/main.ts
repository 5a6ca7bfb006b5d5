// Renderer entry: Vue 3 + Pinia. The page is the same in Electron and in a plain browser.
import { createPinia } from 'pinia';
import { createApp } from 'vue';
import App from './App.vue';
import './style.css';

createApp(App).use(createPinia()).mount('#app');
