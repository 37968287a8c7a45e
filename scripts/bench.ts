/** Placeholder replaced by the benchmark (issue 8). */
export {};
