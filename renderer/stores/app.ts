// App-level state: where the page runs, the language, the theme, and the route (kept in the URL
// hash so a reload returns to the same place).
import { defineStore } from 'pinia';
import { ref, watch } from 'vue';
import type { MenuCommand } from '../../main/ipc-contract';
import { call, lab } from '../api';
import { setLocale, type Locale } from '../i18n';

export type Theme = 'light' | 'dark';
export type Route = { name: 'home' } | { name: 'grade' } | { name: 'workspace'; slot: string };

const PREFS = 'xfslab.prefs';

function parseHash(hash: string): Route {
  if (hash === '#/grade') return { name: 'grade' };
  const m = /^#\/(sandbox|assignment\/([a-z0-9][a-z0-9-]{0,63})|file\/([a-f0-9]{16}))$/.exec(hash);
  if (!m) return { name: 'home' };
  if (m[1] === 'sandbox') return { name: 'workspace', slot: 'sandbox' };
  if (m[2]) return { name: 'workspace', slot: `assignment:${m[2]}` };
  return { name: 'workspace', slot: `file:${m[3]}` };
}

export function routeHash(r: Route): string {
  if (r.name === 'home') return '#/';
  if (r.name === 'grade') return '#/grade';
  const [kind, id] = r.slot.split(':');
  return kind === 'sandbox' ? '#/sandbox' : `#/${kind}/${id}`;
}

function readPrefs(): { locale?: Locale; theme?: Theme } {
  try {
    return JSON.parse(localStorage.getItem(PREFS) ?? '{}') as { locale?: Locale; theme?: Theme };
  } catch {
    return {};
  }
}

export const useAppStore = defineStore('app', () => {
  const prefs = readPrefs();
  const host = ref<'desktop' | 'web'>('web');
  const version = ref<string>('');
  const platform = ref<string>('');
  /** The lab was started for an instructor: the Grade view is open. */
  const instructor = ref(false);
  /** appInfo has answered (until then the lab does not know whether it is an instructor's). */
  const infoLoaded = ref(false);
  const locale = ref<Locale>(prefs.locale ?? (navigator.language.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en'));
  const systemDark = typeof matchMedia === 'function' && matchMedia('(prefers-color-scheme: dark)').matches;
  const theme = ref<Theme>(prefs.theme ?? (systemDark ? 'dark' : 'light'));
  const route = ref<Route>(parseHash(location.hash));
  const aboutOpen = ref(false);
  const error = ref<string | null>(null);

  const applyTheme = (): void => {
    document.documentElement.dataset['theme'] = theme.value;
  };
  const savePrefs = (): void => {
    try {
      localStorage.setItem(PREFS, JSON.stringify({ locale: locale.value, theme: theme.value }));
    } catch {
      /* storage may be unavailable; preferences are a convenience */
    }
  };
  watch(locale, (l) => {
    setLocale(l);
    savePrefs();
  }, { immediate: true });
  watch(theme, () => {
    applyTheme();
    savePrefs();
  }, { immediate: true });

  async function init(): Promise<void> {
    window.addEventListener('hashchange', () => {
      route.value = parseHash(location.hash);
    });
    try {
      const info = await call(lab().appInfo());
      host.value = info.host;
      version.value = info.version;
      platform.value = info.platform;
      instructor.value = info.instructor;
      infoLoaded.value = true;
    } catch (e) {
      error.value = (e as Error).message;
    }
  }

  function go(r: Route): void {
    route.value = r;
    const h = routeHash(r);
    if (location.hash !== h) history.pushState(null, '', h);
  }

  function toggleTheme(): void {
    theme.value = theme.value === 'dark' ? 'light' : 'dark';
  }

  /** Links never navigate the lab away: https ones open outside it through the one helper. */
  function openLink(href: string): void {
    void lab().openExternal({ url: href });
  }

  /** Commands from the desktop app's menu (the web version has none). Returns unsubscribe. */
  function onMenu(handler: (c: MenuCommand) => void): () => void {
    return lab().onMenuCommand(handler);
  }

  /** ⌘ on a Mac, Ctrl elsewhere (for shortcut hints). */
  const isMac = (): boolean => platform.value === 'darwin' || /Mac/.test(navigator.platform);

  return { host, version, platform, instructor, infoLoaded, locale, theme, route, aboutOpen, error, init, go, toggleTheme, isMac, openLink, onMenu };
});
