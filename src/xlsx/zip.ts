import zlib from "node:zlib";

/**
 * The little of the ZIP format an .xlsx patch needs: list a package's parts, read one, and write
 * a package whose unchanged parts are copied still compressed (no inflate, no deflate) while new
 * and changed parts are deflated by Node's zlib. No ZIP64, no encryption: such packages are
 * refused and the caller falls back to ExcelJS.
 */

/** A part of a package as stored. */
export interface ZipEntry {
  readonly name: string;
  /** 0 stored, 8 deflated. */
  readonly method: number;
  readonly crc32: number;
  readonly size: number;
  /** The stored (compressed) bytes. */
  readonly raw: Buffer;
  /** DOS time and date of the entry. */
  readonly time: number;
  readonly date: number;
}

/** A package the patch cannot handle (ZIP64, encrypted, damaged). */
export class UnsupportedZip extends Error {
  override readonly name = "UnsupportedZip";
}

/**
 * Deflate level of the parts the check writes: 4 is about twice as fast as zlib's default 6 on
 * sheet XML for files some 10% larger (measured on a 20 000-school check: 45 MB of XML).
 */
const DEFLATE_LEVEL = 4;
const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

/**
 * Lists the entries of a ZIP package, in their order.
 *
 * @param buf - The package's bytes.
 * @returns The entries by name.
 */
export function readZip(buf: Buffer): Map<string, ZipEntry> {
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 65_535); i--) {
    if (buf.readUInt32LE(i) === EOCD) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new UnsupportedZip("不是 ZIP 文件");
  const count = buf.readUInt16LE(eocd + 10);
  const cdOffset = buf.readUInt32LE(eocd + 16);
  if (count === 0xffff || cdOffset === 0xffffffff) throw new UnsupportedZip("ZIP64");
  const out = new Map<string, ZipEntry>();
  let p = cdOffset;
  for (let k = 0; k < count; k++) {
    if (p + 46 > buf.length || buf.readUInt32LE(p) !== CENTRAL) throw new UnsupportedZip("中央目录损坏");
    const flags = buf.readUInt16LE(p + 8);
    const method = buf.readUInt16LE(p + 10);
    const time = buf.readUInt16LE(p + 12);
    const date = buf.readUInt16LE(p + 14);
    const crc32 = buf.readUInt32LE(p + 16);
    const compressed = buf.readUInt32LE(p + 20);
    const size = buf.readUInt32LE(p + 24);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    const local = buf.readUInt32LE(p + 42);
    const name = buf.toString(flags & 0x800 ? "utf8" : "latin1", p + 46, p + 46 + nameLen);
    if (flags & 1) throw new UnsupportedZip("加密");
    if (compressed === 0xffffffff || size === 0xffffffff || local === 0xffffffff) throw new UnsupportedZip("ZIP64");
    if (method !== 0 && method !== 8) throw new UnsupportedZip(`压缩方法 ${method}`);
    if (local + 30 > buf.length || buf.readUInt32LE(local) !== LOCAL) throw new UnsupportedZip("本地头损坏");
    const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    if (start + compressed > buf.length) throw new UnsupportedZip("数据截断");
    out.set(name, { name, method, crc32, size, raw: buf.subarray(start, start + compressed), time, date });
    p += 46 + nameLen + extraLen + commentLen;
  }
  return out;
}

/**
 * The uncompressed bytes of an entry.
 *
 * @param e - The entry.
 * @returns Its content.
 */
export function entryData(e: ZipEntry): Buffer {
  return e.method === 0 ? e.raw : zlib.inflateRawSync(e.raw);
}

let table: Int32Array | null = null;
/**
 * CRC-32 of bytes (zlib's when Node has it, else a table).
 *
 * @param data - The bytes.
 * @returns The checksum.
 */
export function crc32(data: Buffer): number {
  const native = (zlib as { crc32?: (d: Buffer) => number }).crc32;
  if (native) return native(data) >>> 0;
  if (!table) {
    table = new Int32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      table[n] = c;
    }
  }
  let c = -1;
  for (let i = 0; i < data.length; i++) c = (table[(c ^ (data[i] as number)) & 0xff] as number) ^ (c >>> 8);
  return (c ^ -1) >>> 0;
}

function dosTime(d: Date): { time: number; date: number } {
  return {
    time: (d.getHours() << 11) | (d.getMinutes() << 5) | Math.floor(d.getSeconds() / 2),
    date: ((Math.max(1980, d.getFullYear()) - 1980) << 9) | ((d.getMonth() + 1) << 5) | d.getDate(),
  };
}

/**
 * Makes an entry from content, deflated.
 *
 * @param name - The part name.
 * @param content - Its bytes or text (UTF-8).
 * @param when - Its time stamp.
 * @returns The entry.
 */
export function deflatedEntry(name: string, content: Buffer | string, when: Date): ZipEntry {
  const data = typeof content === "string" ? Buffer.from(content, "utf8") : content;
  return {
    name,
    method: 8,
    crc32: crc32(data),
    size: data.length,
    raw: zlib.deflateRawSync(data, { level: DEFLATE_LEVEL }),
    ...dosTime(when),
  };
}

/** The fields a local header and its central directory entry share, in the same order. */
function writeCommon(buf: Buffer, at: number, e: ZipEntry, flags: number, nameLength: number): void {
  buf.writeUInt16LE(20, at); // version needed: deflate
  buf.writeUInt16LE(flags, at + 2);
  buf.writeUInt16LE(e.method, at + 4);
  buf.writeUInt16LE(e.time, at + 6);
  buf.writeUInt16LE(e.date, at + 8);
  buf.writeUInt32LE(e.crc32, at + 10);
  buf.writeUInt32LE(e.raw.length, at + 14);
  buf.writeUInt32LE(e.size, at + 18);
  buf.writeUInt16LE(nameLength, at + 22);
}

/**
 * Writes a ZIP package of the entries, in order.
 *
 * @param entries - The entries.
 * @returns The package's bytes.
 */
export function writeZip(entries: readonly ZipEntry[]): Buffer {
  if (entries.length > 0xffff) throw new UnsupportedZip("部件过多");
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name, "utf8");
    const flags = /^[\x20-\x7e]*$/.test(e.name) ? 0 : 0x800;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(LOCAL, 0);
    writeCommon(local, 4, e, flags, name.length);
    const cd = Buffer.alloc(46);
    cd.writeUInt32LE(CENTRAL, 0);
    cd.writeUInt16LE(20, 4); // version made by
    writeCommon(cd, 6, e, flags, name.length);
    cd.writeUInt32LE(offset, 42);
    parts.push(local, name, e.raw);
    central.push(cd, name);
    offset += 30 + name.length + e.raw.length;
    if (offset > 0xffffffff) throw new UnsupportedZip("超过 4 GB");
  }
  const cdSize = central.reduce((a, b) => a + b.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(EOCD, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cdSize, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...parts, ...central, end]);
}
