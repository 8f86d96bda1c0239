/// <reference types="vite/client" />
/// <reference types="vite-plugin-pwa/client" />

interface ImportMetaEnv {
  /** API base of the local mirror, e.g. http://127.0.0.1:5184/api/v1 (e2e); default :5174. */
  readonly VITE_MIRROR_URL?: string;
}

interface ImportMeta {
  readonly env: ImportMetaEnv;
}

/** Set by vite.config.ts from scripts/build-info.ts; read them through src/lib/app-version.ts. */
declare const __APP_VERSION__: string;
declare const __BUILD_DATE__: string;
declare const __BUILD_ID__: string;
