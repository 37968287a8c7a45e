import zlib from "node:zlib";
import type { PartCodec } from "./zip-archive";

/**
 * Parts larger than this are deflated at level 1 (a fifth of the time of level 6, files about a
 * fifth larger): a county's sheets stay at level 6, a province's data sheet and result sheets do not
 * hold up the check.
 */
const LARGE_PART = 1024 * 1024;

/**
 * The codec for Node: zlib, in C. Null on a Node without `zlib.crc32` (before 20.15), where zip.js
 * does the work itself.
 *
 * @returns The codec, or null.
 */
export function nodeCodec(): PartCodec | null {
  const crc32 = (zlib as unknown as { crc32?: (data: Uint8Array) => number }).crc32;
  if (typeof crc32 !== "function") return null;
  return {
    inflate: (raw) => zlib.inflateRawSync(raw),
    deflate: (data) => zlib.deflateRawSync(data, { level: data.length > LARGE_PART ? 1 : 6 }),
    crc32: (data) => crc32(data),
  };
}
