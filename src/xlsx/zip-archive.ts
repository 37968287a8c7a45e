import { configure, Uint8ArrayReader, Uint8ArrayWriter, ZipReader, ZipWriter, type Entry, type FileEntry } from "@zip.js/zip.js";

/**
 * The ZIP container of an .xlsx package, through zip.js: entries are listed from the central
 * directory, read as they are stored (still compressed) and written back the same way, so a part
 * the check does not touch is copied byte for byte. Only the parts that are read or changed go
 * through the codec (zlib in Node, zip.js's own in a browser).
 */

// No workers: the check runs in Node, in a Web Worker of its own or on the pane's page.
configure({ useWebWorkers: false });

/** Deflate (raw) and CRC-32, as the host does them fastest. */
export interface PartCodec {
  /** Inflates raw deflate data. */
  inflate(raw: Uint8Array): Uint8Array | Promise<Uint8Array>;
  /** Deflates to raw deflate data. */
  deflate(data: Uint8Array): Uint8Array | Promise<Uint8Array>;
  /** The CRC-32 of the data. */
  crc32(data: Uint8Array): number;
}

/** A file that is not a readable .xlsx package. */
export class PackageError extends Error {
  override readonly name = "PackageError";
}

const STORED = 0;
const DEFLATED = 8;

/** One entry: its name, compression and sizes; its stored bytes read when first needed. */
interface StoredEntry {
  readonly name: string;
  readonly method: number;
  readonly size: number;
  readonly crc: number;
  readonly modified: Date;
  /** The entry in the input package (null for a part this check made). */
  readonly source: FileEntry | null;
  /** The bytes as stored (compressed for method 8); read from `source` when first needed. */
  raw: Uint8Array | null;
  /** A folder entry (some writers list the package's folders). */
  readonly directory?: true;
}

/**
 * What the first bytes of a file say it is when it is not a ZIP package.
 *
 * @param bytes - The file's bytes.
 * @returns A message in Chinese, or null when the file starts like a ZIP package.
 */
export function notAPackage(bytes: Uint8Array): string | null {
  if (bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b) return null;
  if (bytes.length >= 4 && bytes[0] === 0xd0 && bytes[1] === 0xcf && bytes[2] === 0x11 && bytes[3] === 0xe0)
    return "文件是 .xls（或 .et）格式，或设置了打开密码：请在 Excel 或 WPS 中去掉密码并另存为 .xlsx 后再检查";
  if (bytes.length === 0) return "文件是空的（0 字节）";
  const head = new TextDecoder().decode(bytes.subarray(0, 512)).trimStart().toLowerCase();
  if (head.startsWith("<?xml") || head.startsWith("<html") || head.startsWith("<table"))
    return "文件是网页或 XML 表格（常见于统计系统导出的“.xls”），不是 .xlsx：请在 Excel 或 WPS 中打开后另存为 .xlsx 再检查";
  return "不是 Excel 工作簿（内容既不是 .xlsx，也不是 .xls、.et、.ods 或网页表格）：CSV 等文本文件请在 Excel 或 WPS 中另存为 .xlsx 后再检查";
}

/** The parts of a package, read from its ZIP container. */
export class ZipArchive {
  private readonly byName: ReadonlyMap<string, StoredEntry>;

  private constructor(
    private readonly entries: readonly StoredEntry[],
    private readonly codec: PartCodec | null,
  ) {
    this.byName = new Map(entries.filter((e) => !e.directory).map((e) => [e.name, e]));
  }

  /**
   * Opens a package (reads its central directory; parts are read when asked for).
   *
   * @param bytes - The file's bytes.
   * @param codec - The host's codec; null to let zip.js inflate and deflate.
   * @returns The archive.
   * @throws PackageError when the bytes are not a ZIP package, or an entry is encrypted or
   *   compressed in a way .xlsx never is.
   */
  static async open(bytes: Uint8Array, codec: PartCodec | null): Promise<ZipArchive> {
    const not = notAPackage(bytes);
    if (not) throw new PackageError(not);
    let list: Entry[];
    try {
      list = await new ZipReader(new Uint8ArrayReader(bytes)).getEntries();
    } catch {
      throw new PackageError("文件已损坏或不完整（压缩包目录无法读取），请重新导出或另存后再检查");
    }
    const entries: StoredEntry[] = [];
    for (const e of list) {
      if (e.directory) {
        entries.push({
          name: e.filename,
          method: STORED,
          size: 0,
          crc: 0,
          modified: e.lastModDate,
          source: null,
          raw: null,
          directory: true,
        });
        continue;
      }
      const file: FileEntry = e;
      if (e.encrypted) throw new PackageError(`部件 ${e.filename} 已加密，无法读取`);
      if (e.compressionMethod !== STORED && e.compressionMethod !== DEFLATED)
        throw new PackageError(`部件 ${e.filename} 的压缩方式（${e.compressionMethod}）不是 .xlsx 使用的方式`);
      entries.push({
        name: e.filename.replace(/^\//, ""),
        method: e.compressionMethod,
        size: e.uncompressedSize,
        crc: e.signature ?? 0,
        modified: e.lastModDate,
        source: file,
        raw: null,
      });
    }
    return new ZipArchive(entries, codec);
  }

  /** The part names, in the order the file stores them. */
  names(): string[] {
    return this.entries.filter((e) => !e.directory).map((e) => e.name);
  }

  /** Whether the package holds a part (names as in the ZIP, without a leading "/"). */
  has(name: string): boolean {
    return this.byName.has(name);
  }

  /** A part's uncompressed size in bytes (0 when absent). */
  size(name: string): number {
    return this.byName.get(name)?.size ?? 0;
  }

  private static async raw(e: StoredEntry): Promise<Uint8Array> {
    if (e.raw === null && e.source !== null) {
      try {
        e.raw = await e.source.getData(new Uint8ArrayWriter(), { passThrough: true });
      } catch {
        throw new PackageError(`文件已损坏：部件 ${e.name} 无法读取`);
      }
    }
    return e.raw ?? new Uint8Array(0);
  }

  /**
   * A part's bytes, uncompressed.
   *
   * @param name - The part name.
   * @returns The bytes, or null when the package has no such part.
   * @throws PackageError when the part's data is damaged.
   */
  async bytes(name: string): Promise<Uint8Array | null> {
    const e = this.byName.get(name);
    if (!e) return null;
    try {
      if (e.method === STORED) return await ZipArchive.raw(e);
      if (this.codec) return await this.codec.inflate(await ZipArchive.raw(e));
      return e.source ? await e.source.getData(new Uint8ArrayWriter(), { checkSignature: true }) : new Uint8Array(0);
    } catch (err) {
      if (err instanceof PackageError) throw err;
      throw new PackageError(`文件已损坏：部件 ${name} 无法解压`);
    }
  }

  /**
   * A part's text (UTF-8, or UTF-16 with a byte-order mark; the mark removed).
   *
   * @param name - The part name.
   * @returns The text, or null when the package has no such part.
   */
  async text(name: string): Promise<string | null> {
    const b = await this.bytes(name);
    return b === null ? null : decodeUtf8(b);
  }

  /**
   * Writes a new package: every part of this one in its order, unchanged parts copied as stored,
   * changed parts compressed anew, removed parts left out and new parts appended.
   *
   * @param changes - New content per part name (text or bytes), or null to remove the part.
   * @param when - The modification time of changed and new parts.
   * @returns The new package's bytes.
   */
  async write(changes: ReadonlyMap<string, string | Uint8Array | null>, when: Date): Promise<Uint8Array> {
    const writer = new ZipWriter(new Uint8ArrayWriter(), { keepOrder: true, useWebWorkers: false });
    const add = async (name: string, content: string | Uint8Array): Promise<void> => {
      const data = typeof content === "string" ? new TextEncoder().encode(content) : content;
      if (!this.codec) {
        await writer.add(name, new Uint8ArrayReader(data), { lastModDate: when, level: 6 });
        return;
      }
      const raw = await this.codec.deflate(data);
      await writer.add(name, new Uint8ArrayReader(raw), {
        passThrough: true,
        uncompressedSize: data.length,
        signature: this.codec.crc32(data),
        compressionMethod: DEFLATED,
        lastModDate: when,
      });
    };
    for (const e of this.entries) {
      if (e.directory) {
        await writer.add(e.name, undefined, { directory: true, lastModDate: e.modified });
        continue;
      }
      if (changes.has(e.name)) {
        const c = changes.get(e.name);
        if (c !== null && c !== undefined) await add(e.name, c);
        continue;
      }
      await writer.add(e.name, new Uint8ArrayReader(await ZipArchive.raw(e)), {
        passThrough: true,
        uncompressedSize: e.size,
        signature: e.crc,
        compressionMethod: e.method,
        lastModDate: e.modified,
      });
    }
    for (const [name, c] of changes) if (!this.byName.has(name) && c !== null) await add(name, c);
    return writer.close();
  }
}

/**
 * UTF-8 (or UTF-16 with a byte-order mark) bytes as text, a byte-order mark removed.
 *
 * @param b - The bytes.
 * @returns The text.
 */
export function decodeUtf8(b: Uint8Array): string {
  if (b.length >= 2 && b[0] === 0xff && b[1] === 0xfe) return new TextDecoder("utf-16le").decode(b.subarray(2));
  if (b.length >= 2 && b[0] === 0xfe && b[1] === 0xff) return new TextDecoder("utf-16be").decode(b.subarray(2));
  return new TextDecoder("utf-8", { ignoreBOM: false }).decode(b);
}
