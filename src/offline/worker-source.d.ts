/** The offline page's worker, built first and inlined as text (webpack alias; see webpack.config.js). */
declare module "yzjh-check-worker-source" {
  const source: string;
  export default source;
}
