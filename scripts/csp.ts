import type { Plugin } from 'vite';

/**
 * The app's Content-Security-Policy lives in index.html as a `<meta>` (a static host cannot send
 * headers). These helpers read it, and loosen it for `vite` dev only: the built app (what
 * `npm run build`, `vite preview` and every e2e test serve) carries the strict one unchanged.
 */

/** Directive name → its sources, in the order written. */
export type Policy = Map<string, string[]>;

const META = /(<meta\s+http-equiv="Content-Security-Policy"\s+content=")([^"]*)("\s*\/?>)/;

/** The policy of an HTML page's CSP `<meta>`, or null when it has none. */
export function readPolicy(html: string): Policy | null {
  const content = META.exec(html)?.[2];
  if (content === undefined) return null;
  const policy: Policy = new Map();
  for (const part of content.split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (name) policy.set(name.toLowerCase(), sources);
  }
  return policy;
}

export function formatPolicy(policy: Policy): string {
  return [...policy].map(([name, sources]) => [name, ...sources].join(' ')).join('; ');
}

/**
 * What Vite's dev server needs on top: the React Refresh preamble is an inline script, CSS
 * arrives as `<style>` elements injected by script, and HMR talks over a WebSocket. Hashes go:
 * next to a hash, browsers ignore 'unsafe-inline'.
 */
export function devPolicy(policy: Policy): Policy {
  const dev: Policy = new Map(policy);
  dev.set('script-src', ["'self'", "'unsafe-inline'"]);
  dev.set('style-src', ["'self'", "'unsafe-inline'"]);
  dev.set('connect-src', [...(policy.get('connect-src') ?? ["'self'"]), 'ws:']);
  return dev;
}

/** Serves index.html with the dev policy under `vite` (dev server only, never in a build). */
export function cspForDevServer(): Plugin {
  return {
    name: 'crowdmri:csp-dev-server',
    apply: 'serve',
    transformIndexHtml(html) {
      const policy = readPolicy(html);
      if (!policy) return html;
      return html.replace(META, (_, open, _content, close) => {
        return `${open}${formatPolicy(devPolicy(policy))}${close}`;
      });
    },
  };
}
