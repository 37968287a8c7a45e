/** The evaluation core: pure functions over plain data (no Office, DOM or file access). */
export * from "./types";
export * from "./indicators";
export * from "./profile";
export * from "./school-kinds";
export * from "./split-levels";
export * from "./evaluate-unit";
export * from "./weighted-cv";
export * from "./guarantee";
export * from "./evaluate";
export * from "./report";
export * from "./format";
