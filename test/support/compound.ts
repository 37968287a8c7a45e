import { CFB } from "@e965/xlsx";

/**
 * A compound (OLE) file holding the named streams, laid out as Excel, WPS and Word lay theirs out
 * ("Workbook" for .xls and .et, "Book" for Excel 95, "EncryptionInfo" and "EncryptedPackage" for a
 * password-protected .xlsx, "WordDocument" for .doc); the streams' contents are filler.
 *
 * @param streams - The stream names.
 * @returns The file's bytes.
 */
export function compoundFile(streams: readonly string[]): Uint8Array {
  const cfb = CFB as {
    utils: { cfb_new(): unknown; cfb_add(c: unknown, name: string, data: Uint8Array): void };
    write(c: unknown, o: { type: "array" }): ArrayBuffer | number[];
  };
  const c = cfb.utils.cfb_new();
  for (const s of streams) cfb.utils.cfb_add(c, `/${s}`, new Uint8Array(600).fill(7));
  return new Uint8Array(cfb.write(c, { type: "array" }));
}
