import pkg from "../package.json";

/** The product version, for stamps. */
export const VERSION: string = pkg.version;
