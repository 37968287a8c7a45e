"use strict";

/** Where the development manifest points: `npm start` serves dist/ there. */
const DEV_URL = "https://localhost:3000/";

/**
 * The manifest for an add-in served from `url`: every URL under the development address, and the
 * AppDomain (an origin, written without the trailing slash), moved to it.
 *
 * @param {string} manifest - manifest.xml as written for development.
 * @param {string} url - Where the add-in is served, ending in "/" (e.g. https://addin.example.edu.cn/yzjh/).
 * @returns {string} The manifest to publish.
 */
function manifestFor(manifest, url) {
  const to = new URL(url);
  if (to.protocol !== "https:") throw new Error(`加载项地址必须是 https：${url}`);
  const base = url.endsWith("/") ? url : `${url}/`;
  return manifest.split(DEV_URL).join(base).split(new URL(DEV_URL).origin).join(to.origin);
}

module.exports = { DEV_URL, manifestFor };
