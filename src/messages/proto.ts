import { fileURLToPath } from 'node:url';
import protobuf from 'protobufjs';

/** Path of the .proto file, the same from src/ (tests) and from dist/ (production). */
export const PROTO_PATH = fileURLToPath(new URL('../../proto/afis.proto', import.meta.url));

/** The message types of proto/afis.proto, looked up once. */
export interface AfisMessages {
  readonly FingerCapture: protobuf.Type;
  readonly CaptureRequest: protobuf.Type;
  readonly Template: protobuf.Type;
  readonly SearchResult: protobuf.Type;
}

let loaded: Promise<AfisMessages> | undefined;

/** Loads proto/afis.proto once per process (protobufjs reflection; thread-confined). */
export function loadMessages(): Promise<AfisMessages> {
  loaded ??= protobuf.load(PROTO_PATH).then((root) => ({
    FingerCapture: root.lookupType('afis.v1.FingerCapture'),
    CaptureRequest: root.lookupType('afis.v1.CaptureRequest'),
    Template: root.lookupType('afis.v1.Template'),
    SearchResult: root.lookupType('afis.v1.SearchResult'),
  }));
  return loaded;
}

/** Encodes a plain object as `type`, refusing objects that do not fit the message. */
export function encodeMessage(type: protobuf.Type, value: Record<string, unknown>): Uint8Array {
  // verify() wants enum numbers; names are fine for fromObject(), so only the other problems count
  const problem = type.verify(value);
  if (problem && !problem.endsWith('enum value expected')) throw new TypeError(`${type.name}: ${problem}`);
  const message = type.fromObject(value);
  const again = type.verify(message);
  if (again) throw new TypeError(`${type.name}: ${again}`);
  return type.encode(message).finish();
}

/** Decodes bytes as `type` into a plain object (enums as names, 64-bit integers as numbers, bytes as Uint8Array). */
export function decodeMessage<T = Record<string, unknown>>(type: protobuf.Type, bytes: Uint8Array): T {
  return type.toObject(type.decode(bytes), { enums: String, longs: Number, defaults: true, arrays: true }) as T;
}
