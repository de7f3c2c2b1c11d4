import { readFileSync } from 'node:fs';

/** One line of an NBIS an2k2txt dump: `record.field.subfield.item [type.field]=value`. */
export interface DumpLine { record: number; field: number; subfield: number; item: number; type: number; tag: number; value: string }

/** Parses the text of an an2k2txt dump (Latin-1), one line per information item. */
export function parseAn2kDump(text: string): DumpLine[] {
  return text.split('\n').filter((l) => l.length > 0).map((line) => {
    // an2k2txt ends every value with a US (0x1f) before the newline
    const m = /^(\d+)\.(\d+)\.(\d+)\.(\d+) \[(\d+)\.(\d+)\]=(.*?)\x1f?$/.exec(line);
    if (!m) throw new Error(`bad dump line ${line}`);
    const [record, field, subfield, item, type, tag] = m.slice(1, 7).map(Number);
    return { record: record!, field: field!, subfield: subfield!, item: item!, type: type!, tag: tag!, value: m[7]! };
  });
}

/** Reads an an2k2txt dump file. */
export function readAn2kDump(path: string): DumpLine[] {
  return parseAn2kDump(readFileSync(path, 'latin1'));
}
