/**
 * Three builds:
 * - "addin": the task pane page (React + Fluent UI) with the custom functions and ribbon commands
 *   in one shared-runtime page, functions.json (+ functions.zh-cn.json), the assets and the manifest;
 * - "offline": one self-contained page, dist/offline/优质均衡检查.html (scripts inlined, no network),
 *   the same pane and check session over a file chosen in the browser;
 * - "cli": the headless command line (`yzjh`) and the benchmark for Node 20.
 *
 * The manifest's URLs point at https://localhost:3000 for development; to publish elsewhere build
 * with `npm run build -- --env addinUrl=https://addin.example.edu.cn/yzjh/` (works in cmd,
 * PowerShell and sh alike; the ADDIN_URL variable is still read).
 * `npm start` serves dist/ over HTTPS with the Office development certificates
 * (office-addin-dev-certs, installed and trusted on first use).
 */
const path = require("node:path");
const CopyWebpackPlugin = require("copy-webpack-plugin");
const HtmlWebpackPlugin = require("html-webpack-plugin");
const HtmlInlineScriptPlugin = require("html-inline-script-webpack-plugin");
const MinimizerPlugin = require("minimizer-webpack-plugin");
const webpack = require("webpack");
const CustomFunctionsMetadataPlugin = require("custom-functions-metadata-plugin");
const { LocalizeFunctionsPlugin } = require("./localize-functions-plugin");
const pkg = require("./package.json");

const { DEV_URL, manifestFor } = require("./scripts/manifest-url");

/**
 * The offline page is one file: its libraries' licence notices (React, Fluent UI, SheetJS, …) stay
 * in the inlined scripts instead of going to a .LICENSE.txt file that would not travel with it.
 */
const keepLicences = { minimizer: [new MinimizerPlugin({ minify: MinimizerPlugin.terserMinify, extractComments: false })] };

const tsRule = {
  test: /\.tsx?$/,
  exclude: /node_modules/,
  use: { loader: "ts-loader", options: { transpileOnly: true } },
};

/** @returns {import("webpack").Configuration} */
function addin(mode, env, https) {
  const url = env.addinUrl ?? process.env.ADDIN_URL ?? DEV_URL;
  return {
    name: "addin",
    mode,
    devtool: mode === "production" ? "source-map" : "eval-source-map",
    target: ["web", "es2020"],
    entry: {
      react: ["react", "react-dom"],
      taskpane: { import: "./src/taskpane/index.tsx", dependOn: "react" },
      functions: "./src/functions/functions.ts",
      commands: "./src/commands/commands.ts",
    },
    output: { path: path.resolve(__dirname, "dist"), filename: "[name].js", clean: { keep: /^(cli|offline|offline-worker)\// } },
    resolve: { extensions: [".ts", ".tsx", ".js", ".json"] },
    module: { rules: [tsRule] },
    performance: { hints: false },
    plugins: [
      new CustomFunctionsMetadataPlugin({ output: "functions.json", input: "./src/functions/functions.ts" }),
      new LocalizeFunctionsPlugin({ locales: { "zh-cn": "./src/i18n/functions.zh-cn.json" } }),
      new HtmlWebpackPlugin({
        filename: "taskpane.html",
        template: "./src/taskpane/taskpane.html",
        chunks: ["react", "taskpane", "functions", "commands"],
      }),
      new CopyWebpackPlugin({
        patterns: [
          { from: "assets/*.png", to: "assets/[name][ext]" },
          {
            from: "manifest.xml",
            to: "manifest.xml",
            transform: (content) => manifestFor(content.toString(), url),
          },
        ],
      }),
    ],
    devServer: {
      static: { directory: path.join(__dirname, "dist") },
      headers: { "Access-Control-Allow-Origin": "*" },
      server: https ? { type: "https", options: https } : "http",
      port: 3000,
    },
  };
}

/** The offline page's worker, built first: the page inlines it as text (one file, no fetch). */
function offlineWorker(mode) {
  return {
    name: "offline-worker",
    mode,
    devtool: false,
    target: ["webworker", "es2020"],
    entry: { "check-worker": "./src/offline/check-worker.ts" },
    output: { path: path.resolve(__dirname, "dist/offline-worker"), filename: "[name].js", clean: true },
    resolve: { extensions: [".ts", ".tsx", ".js", ".json"] },
    module: { rules: [tsRule] },
    optimization: keepLicences,
    performance: { hints: false },
    plugins: [new webpack.optimize.LimitChunkCountPlugin({ maxChunks: 1 })],
  };
}

/** @returns {import("webpack").Configuration} */
function offline(mode) {
  return {
    name: "offline",
    dependencies: ["offline-worker"],
    mode,
    devtool: false,
    target: ["web", "es2020"],
    entry: { offline: "./src/offline/index.tsx" },
    output: { path: path.resolve(__dirname, "dist/offline"), filename: "[name].js", clean: true },
    resolve: {
      extensions: [".ts", ".tsx", ".js", ".json"],
      alias: { "yzjh-check-worker-source$": path.resolve(__dirname, "dist/offline-worker/check-worker.js") },
    },
    module: {
      rules: [tsRule, { test: /check-worker\.js$/, include: path.resolve(__dirname, "dist/offline-worker"), type: "asset/source" }],
    },
    optimization: keepLicences,
    performance: { hints: false },
    plugins: [
      // One file: no chunk loaded later (a page opened from disk cannot fetch one).
      new webpack.optimize.LimitChunkCountPlugin({ maxChunks: 1 }),
      new HtmlWebpackPlugin({ filename: "优质均衡检查.html", template: "./src/offline/offline.html", inject: "body" }),
      new HtmlInlineScriptPlugin(),
    ],
  };
}

/** @returns {import("webpack").Configuration} */
function cli(mode) {
  return {
    name: "cli",
    mode,
    devtool: false,
    target: "node20",
    entry: { yzjh: "./cli/yzjh.ts", bench: "./scripts/bench.ts" },
    output: { path: path.resolve(__dirname, "dist/cli"), filename: "[name].js", library: { type: "commonjs2" }, clean: true },
    resolve: { extensions: [".ts", ".tsx", ".js", ".json"] },
    module: { rules: [tsRule] },
    externals: Object.fromEntries(Object.keys(pkg.dependencies).map((d) => [d, `commonjs ${d}`])),
    optimization: { minimize: false },
    performance: { hints: false },
  };
}

module.exports = async (env = {}, argv = {}) => {
  const mode = argv.mode ?? "production";
  // HTTPS for the dev server only when asked (npm start): the certificates are created and trusted then.
  const https = env.https ? await require("office-addin-dev-certs").getHttpsServerOptions() : null;
  return [addin(mode, env, https), offlineWorker(mode), offline(mode), cli(mode)];
};
