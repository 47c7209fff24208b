declare const __KT_VERSION__: string | undefined;

/** Injected by the build (scripts/build.mjs); tests running from source see the package version fallback. */
export const KT_VERSION: string = typeof __KT_VERSION__ === 'string' ? __KT_VERSION__ : '0.0.0-dev';
