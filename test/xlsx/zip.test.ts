import { describe, expect, it } from "vitest";
import zlib from "node:zlib";
import { crc32, deflatedEntry, entryData, readZip, UnsupportedZip, writeZip } from "../../src/xlsx/zip";

const WHEN = new Date(2026, 0, 2, 3, 4, 6);

describe("zip", () => {
  it("computes the standard CRC-32 check value, natively and by table", () => {
    // The CRC-32 of "123456789" is 0xCBF43926 (the standard check value).
    expect(crc32(Buffer.from("123456789"))).toBe(0xcbf43926);
    const native = (zlib as { crc32?: unknown }).crc32;
    try {
      (zlib as { crc32?: unknown }).crc32 = undefined;
      expect(crc32(Buffer.from("123456789"))).toBe(0xcbf43926);
    } finally {
      (zlib as { crc32?: unknown }).crc32 = native;
    }
  });

  it("writes a package that reads back, with UTF-8 names and stored or deflated parts", () => {
    const data = Buffer.from([1, 2, 3]);
    const stored = { ...deflatedEntry("b.bin", data, WHEN), method: 0, raw: data };
    const buf = writeZip([
      deflatedEntry("a.txt", "hello hello hello", WHEN),
      deflatedEntry("中文/表.xml", "<x>优质均衡</x>", WHEN),
      stored,
    ]);
    const back = readZip(buf);
    expect([...back.keys()]).toEqual(["a.txt", "中文/表.xml", "b.bin"]);
    expect(entryData(back.get("a.txt")!).toString()).toBe("hello hello hello");
    expect(entryData(back.get("中文/表.xml")!).toString()).toBe("<x>优质均衡</x>");
    expect(back.get("a.txt")!.crc32).toBe(crc32(Buffer.from("hello hello hello")));
    expect(entryData(back.get("b.bin")!)).toEqual(data);
    // Copying an entry as read keeps its stored bytes.
    const again = readZip(writeZip([...back.values()]));
    expect(again.get("中文/表.xml")!.raw).toEqual(back.get("中文/表.xml")!.raw);
    expect(again.get("a.txt")!.time).toBe(back.get("a.txt")!.time);
  });

  it("refuses what it cannot patch: not a zip, encrypted entries", () => {
    expect(() => readZip(Buffer.from("not a zip at all, just text that is long enough"))).toThrow(UnsupportedZip);
    const buf = writeZip([deflatedEntry("a.txt", "x", WHEN)]);
    // Set the encryption flag in the central directory entry.
    const cd = buf.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    buf.writeUInt16LE(1, cd + 8);
    expect(() => readZip(buf)).toThrow(/加密/);
  });
});
