/**
 * electron-builder configuration: `npm run dist` (build, then electron-builder with this file)
 * makes the installers on a connected machine. Only the bundles in dist/ and package.json go
 * into app.asar: esbuild has already bundled every dependency, so node_modules stays out.
 */
'use strict';

// The Electron the app is built with. electron-builder would read it from devDependencies; it is
// an optional dependency here (its binary download may fail, and `npm install` must not), so the
// version is named once, in package.json, and handed over.
const { optionalDependencies } = require('../package.json');

/** @type {import('electron-builder').Configuration} */
const config = {
  appId: 'org.savedarticlereader.app',
  productName: 'Saved Article Reader',
  electronVersion: optionalDependencies.electron,
  copyright: 'Copyright © 2026 Saved Article Reader contributors',
  directories: { buildResources: 'build', output: 'release' },
  files: [
    'dist/main.cjs',
    'dist/preload.cjs',
    // The import worker (worker_threads) ships beside the main bundle.
    'dist/import-worker.mjs',
    'dist/renderer/**/*',
    'package.json',
    '!**/*.map',
    '!**/node_modules/**/*',
  ],
  // The bundles are self-contained; no dependency is copied or rebuilt.
  npmRebuild: false,
  nodeGypRebuild: false,
  buildDependenciesFromSource: false,
  asar: true,
  compression: 'normal',
  extraMetadata: { main: 'dist/main.cjs' },
  fileAssociations: [
    { ext: ['mhtml', 'mht'], name: 'MHTML web archive', role: 'Viewer', mimeType: 'multipart/related' },
  ],
  // Fuses flipped in the packaged Electron binary (electron-builder runs @electron/fuses).
  electronFuses: {
    runAsNode: false,
    enableCookieEncryption: true,
    enableNodeOptionsEnvironmentVariable: false,
    enableNodeCliInspectArguments: false,
    enableEmbeddedAsarIntegrityValidation: true,
    onlyLoadAppFromAsar: true,
    loadBrowserProcessSpecificV8Snapshot: false,
    grantFileProtocolExtraPrivileges: false,
  },
  linux: {
    target: ['AppImage', 'deb'],
    category: 'Office',
    maintainer: 'Saved Article Reader contributors <reader@savedarticlereader.org>',
    vendor: 'Saved Article Reader contributors',
    icon: 'build/icons',
    synopsis: 'Read and archive saved web articles offline',
    mimeTypes: ['multipart/related', 'application/x-mimearchive'],
  },
  deb: { depends: ['libnss3', 'libgtk-3-0', 'libxss1', 'libasound2', 'fonts-noto-cjk'] },
  win: { target: ['nsis'], icon: 'build/icon.png' },
  nsis: { oneClick: false, perMachine: false, allowToChangeInstallationDirectory: true, createDesktopShortcut: true },
  mac: {
    target: ['dmg'],
    category: 'public.app-category.productivity',
    icon: 'build/icon.png',
    hardenedRuntime: true,
    gatekeeperAssess: false,
  },
  dmg: { title: 'Saved Article Reader' },
};

module.exports = config;
