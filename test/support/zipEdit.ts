import { crc32, deflateRawSync } from 'node:zlib';
import * as XLSX from 'xlsx';

/** Edits of spreadsheet files' zip parts, for fixtures SheetJS cannot write as such. */

/** Rebuilds a zip with one entry replaced, deflated by Node's zlib (fast, like Excel's). */
export function replaceZipEntry(
  zipBytes: Uint8Array,
  path: string,
  content: Uint8Array,
  /** write `content` as the entry's deflated bytes, unchecked (ciphertext, a damaged stream) */
  raw = false,
): Uint8Array {
  const zip = XLSX.CFB.read(zipBytes, { type: 'buffer' }) as {
    FileIndex: { type: number; content?: Uint8Array }[];
    FullPaths: string[];
  };
  const entries: { name: string; data: Uint8Array; raw: boolean }[] = [];
  zip.FileIndex.forEach((entry, i) => {
    const name = zip.FullPaths[i]!.replace(/^[^/]*\//, '');
    // CFB lists a marker entry of its own ("\u0001Sh33tJ5") that is not part of the archive.
    if (entry.type !== 2 || !entry.content || name.includes('Sh33tJ5')) return;
    entries.push(name === path ? { name, data: content, raw } : { name, data: entry.content, raw: false });
  });
  return zipOf(entries);
}

function zipOf(entries: { name: string; data: Uint8Array; raw: boolean }[]): Uint8Array {
  const chunks: Uint8Array[] = [];
  const central: Uint8Array[] = [];
  let offset = 0;
  for (const { name, data, raw } of entries) {
    const nameBytes = new TextEncoder().encode(name);
    const packed = raw ? data : deflateRawSync(data, { level: 1 });
    const crc = crc32(data);
    const local = new DataView(new ArrayBuffer(30));
    local.setUint32(0, 0x04034b50, true);
    local.setUint16(4, 20, true);
    local.setUint16(8, 8, true);
    local.setUint32(14, crc, true);
    local.setUint32(18, packed.length, true);
    local.setUint32(22, data.length, true);
    local.setUint16(26, nameBytes.length, true);
    const header = new DataView(new ArrayBuffer(46));
    header.setUint32(0, 0x02014b50, true);
    header.setUint16(4, 20, true);
    header.setUint16(6, 20, true);
    header.setUint16(10, 8, true);
    header.setUint32(16, crc, true);
    header.setUint32(20, packed.length, true);
    header.setUint32(24, data.length, true);
    header.setUint16(28, nameBytes.length, true);
    header.setUint32(42, offset, true);
    chunks.push(new Uint8Array(local.buffer), nameBytes, packed);
    central.push(new Uint8Array(header.buffer), nameBytes);
    offset += 30 + nameBytes.length + packed.length;
  }
  const centralSize = central.reduce((n, c) => n + c.length, 0);
  const end = new DataView(new ArrayBuffer(22));
  end.setUint32(0, 0x06054b50, true);
  end.setUint16(8, entries.length, true);
  end.setUint16(10, entries.length, true);
  end.setUint32(12, centralSize, true);
  end.setUint32(16, offset, true);
  const all = [...chunks, ...central, new Uint8Array(end.buffer)];
  const out = new Uint8Array(all.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of all) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/** The entry's bytes, or undefined. */
export function zipEntry(zipBytes: Uint8Array, path: string): Uint8Array | undefined {
  const zip = XLSX.CFB.read(zipBytes, { type: 'buffer' }) as {
    FileIndex: { content?: Uint8Array }[];
    FullPaths: string[];
  };
  const i = zip.FullPaths.findIndex((full) => full.replace(/^[^/]*\//, '') === path);
  return i === -1 ? undefined : zip.FileIndex[i]?.content;
}

/**
 * An .ods with the named sheets hidden as LibreOffice hides them: a table style whose properties
 * say `table:display="false"`, given to those sheets (SheetJS writes every sheet as shown).
 */
export function hideOdsSheets(odsBytes: Uint8Array, names: readonly string[]): Uint8Array {
  let xml = new TextDecoder().decode(zipEntry(odsBytes, 'content.xml'));
  xml = xml.replace(
    '<office:automatic-styles>',
    '<office:automatic-styles><style:style style:name="taHidden" style:family="table" style:master-page-name="mp1"><style:table-properties table:display="false" style:writing-mode="lr-tb"/></style:style>',
  );
  for (const name of names) {
    xml = xml.replace(
      `<table:table table:name="${name}" table:style-name="ta1">`,
      `<table:table table:name="${name}" table:style-name="taHidden">`,
    );
  }
  return replaceZipEntry(odsBytes, 'content.xml', new TextEncoder().encode(xml));
}

/**
 * An .ods saved with a password, as LibreOffice stores it: the manifest describes how each part is
 * encrypted (`manifest:encryption-data`) and the parts hold ciphertext (here random-looking bytes).
 */
export function encryptOds(odsBytes: Uint8Array): Uint8Array {
  const manifest = `<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">
 <manifest:file-entry manifest:full-path="/" manifest:version="1.2" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>
 <manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml" manifest:size="4096">
  <manifest:encryption-data manifest:checksum-type="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0#sha256-1k" manifest:checksum="AAAA">
   <manifest:algorithm manifest:algorithm-name="http://www.w3.org/2001/04/xmlenc#aes256-cbc" manifest:initialisation-vector="AAAA"/>
   <manifest:start-key-generation manifest:start-key-generation-name="http://www.w3.org/2000/09/xmldsig#sha256" manifest:key-size="32"/>
   <manifest:key-derivation manifest:key-derivation-name="PBKDF2" manifest:key-size="32" manifest:iteration-count="100000" manifest:salt="AAAA"/>
  </manifest:encryption-data>
 </manifest:file-entry>
</manifest:manifest>`;
  const cipher = new Uint8Array(4096);
  let x = 0x2545f491;
  for (let i = 0; i < cipher.length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    cipher[i] = x & 0xff;
  }
  const withManifest = replaceZipEntry(odsBytes, 'META-INF/manifest.xml', new TextEncoder().encode(manifest));
  // the ciphertext stands where deflated bytes are expected: unzipping it fails, as with a real file
  return replaceZipEntry(withManifest, 'content.xml', cipher, true);
}
