/// <reference types="vite/client" />

interface ImportMetaEnv {
  /** API base of the local mirror, e.g. http://127.0.0.1:5184/api/v1 (e2e); default :5174. */
  readonly VITE_MIRROR_URL?: string;
}

interface ImportMeta {
  readonly env: ImportMetaEnv;
}
